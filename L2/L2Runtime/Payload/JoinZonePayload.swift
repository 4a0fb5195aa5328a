import Common

/// ``TransactionKind/joinZone``: puts a resource, or the sender's account, into a zone, if the zone's rules and the resource's consent permit.
public struct JoinZonePayload: Hashable, Sendable {
    /// The zone.
    public var zone: Hash
    /// The resource that joins (its controller sends), or `nil` for the sender's own account.
    public var resource: Hash?

    /// Creates the payload.
    public init(zone: Hash, resource: Hash? = nil) {
        self.zone = zone
        self.resource = resource
    }

    /// The member the payload names, for `sender`.
    func member(sender: Address) -> ZoneMember {
        resource.map(ZoneMember.resource) ?? .account(sender)
    }
}

extension JoinZonePayload: CanonicalCodable {
    /// `zone || optional<hash>(resource)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(zone)
        writer.writeOptional(resource)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        zone = try reader.readHash("zone")
        resource = try reader.readOptional(Hash.self)
    }
}
