import Common

/// ``TransactionKind/foundZone``: founds a zone governed by a stored rules program. The zone's id is
/// ``RecordID/derive(_:transaction:)`` with ``RecordID/zone``.
public struct FoundZonePayload: Hashable, Sendable {
    /// The hash of the zone's rules program (stored before).
    public var rules: Hash
    /// Public or private.
    public var visibility: ZoneVisibility
    /// Tax, minimum payment and join fee.
    public var pricing: ZonePricing

    /// Creates the payload.
    public init(rules: Hash, visibility: ZoneVisibility, pricing: ZonePricing) {
        self.rules = rules
        self.visibility = visibility
        self.pricing = pricing
    }
}

extension FoundZonePayload: CanonicalCodable {
    /// `rules || visibility (1) || varint(taxBasisPoints) || varint(minimumPayment) || varint(joinFee)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(rules)
        writer.write(visibility)
        writer.write(pricing)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        rules = try reader.readHash("rules")
        visibility = try reader.read(ZoneVisibility.self)
        pricing = try reader.read(ZonePricing.self)
    }
}
