import Common

/// ``TransactionKind/transfer``: moves `amount` from the sender to `recipient` (created if new).
public struct TransferPayload: Hashable, Sendable {
    /// Who receives.
    public var recipient: Address
    /// How much; positive.
    public var amount: Amount

    /// Creates a transfer.
    public init(recipient: Address, amount: Amount) {
        self.recipient = recipient
        self.amount = amount
    }
}

extension TransferPayload: CanonicalCodable {
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
