import Common

/// ``TransactionKind/reviseZoneRules``: replaces a zone's rules program.
public struct ReviseZoneRulesPayload: Hashable, Sendable {
    /// The zone.
    public var zone: Hash
    /// The hash of the new rules program (stored before).
    public var rules: Hash

    /// Creates the payload.
    public init(zone: Hash, rules: Hash) {
        self.zone = zone
        self.rules = rules
    }
}

extension ReviseZoneRulesPayload: CanonicalCodable {
    /// `zone || rules`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(zone)
        writer.write(rules)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        zone = try reader.readHash("zone")
        rules = try reader.readHash("rules")
    }
}
