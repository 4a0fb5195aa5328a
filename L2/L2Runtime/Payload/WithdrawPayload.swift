import Common

/// ``TransactionKind/withdraw``: burns `amount` from the sender and records a ``Withdrawal`` for the bridge to
/// pay `recipient` on L1.
public struct WithdrawPayload: Hashable, Sendable {
    /// The L1 account to pay.
    public var recipient: Address
    /// How much; positive.
    public var amount: Amount

    /// Creates a withdrawal.
    public init(recipient: Address, amount: Amount) {
        self.recipient = recipient
        self.amount = amount
    }
}

extension WithdrawPayload: CanonicalCodable {
    /// `recipient (20) || varint(amount)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(recipient)
        writer.write(amount)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        recipient = try reader.read(Address.self)
        amount = try reader.read(Amount.self)
    }
}
