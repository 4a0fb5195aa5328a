import Common

/// A withdrawal entry: `amount` was burnt on L2 by `owner`, to be paid to `recipient` on L1 by the bridge once
/// a state root holding this entry is final. Entries are numbered 0, 1, 2, ... in the order they are recorded.
public struct Withdrawal: Hashable, Sendable {
    /// The entry's number.
    public var sequence: UInt64
    /// The L2 account that burnt the amount.
    public var owner: Address
    /// The L1 account to pay.
    public var recipient: Address
    /// How much.
    public var amount: Amount
    /// The L2 block that recorded it.
    public var blockNumber: UInt64

    /// Creates a withdrawal entry.
    public init(sequence: UInt64, owner: Address, recipient: Address, amount: Amount, blockNumber: UInt64) {
        self.sequence = sequence
        self.owner = owner
        self.recipient = recipient
        self.amount = amount
        self.blockNumber = blockNumber
    }
}

extension Withdrawal: CanonicalCodable {
    /// `varint(sequence) || owner (20) || recipient (20) || varint(amount) || varint(blockNumber)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeVarint(sequence)
        writer.write(owner)
        writer.write(recipient)
        writer.write(amount)
        writer.writeVarint(blockNumber)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        sequence = try reader.readVarint(UInt64.self, "sequence")
        owner = try reader.read(Address.self)
        recipient = try reader.read(Address.self)
        amount = try reader.read(Amount.self)
        blockNumber = try reader.readVarint(UInt64.self, "block number")
    }
}
