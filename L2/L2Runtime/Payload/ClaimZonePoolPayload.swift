import Common

/// ``TransactionKind/claimZonePool``: the zone's founder takes `amount` out of the zone's pool (the tax on its
/// executions' payments and its join fees) into its own account.
public struct ClaimZonePoolPayload: Hashable, Sendable {
    /// The zone.
    public var zone: Hash
    /// How much to take; positive, at most the pool.
    public var amount: Amount

    /// Creates the payload.
    public init(zone: Hash, amount: Amount) {
        self.zone = zone
        self.amount = amount
    }
}

extension ClaimZonePoolPayload: CanonicalCodable {
    /// `zone || amount`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(zone)
        writer.write(amount)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        zone = try reader.readHash("zone")
        amount = try reader.read(Amount.self)
    }
}
