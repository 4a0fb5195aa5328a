import Common
import L2Runtime

/// ``TransactionKind/foundZone``: `foundZone.rules` (32), `foundZone.visibility` (1 byte),
/// `foundZone.pricing` (the pricing's canonical encoding: three varints).
struct FoundZonePayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["foundZone.rules", "foundZone.visibility", "foundZone.pricing"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let zone = try? FoundZonePayload(canonicalBytes: payload) else { return false }
        fields[0].write(zone.rules)
        fields[1].write(zone.visibility)
        fields[2].write(zone.pricing)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let rules = try fields.read(0) { reader throws(CodecError) in try reader.readHash("rules") }
        let visibility = try fields.read(1) { reader throws(CodecError) in try reader.read(ZoneVisibility.self) }
        let pricing = try fields.read(2) { reader throws(CodecError) in try reader.read(ZonePricing.self) }
        return FoundZonePayload(rules: rules, visibility: visibility, pricing: pricing).canonicalBytes
    }
}

/// ``TransactionKind/reviseZoneRules``: `reviseZoneRules.zone` (position in `ids.zones`),
/// `reviseZoneRules.rules` (32).
struct ReviseZoneRulesPayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["reviseZoneRules.zone", "reviseZoneRules.rules"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let revise = try? ReviseZoneRulesPayload(canonicalBytes: payload) else { return false }
        ids.write(revise.zone, as: .zone, to: &fields[0])
        fields[1].write(revise.rules)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let zone = try fields.readID(0, as: .zone)
        let rules = try fields.read(1) { reader throws(CodecError) in try reader.readHash("rules") }
        return ReviseZoneRulesPayload(zone: zone, rules: rules).canonicalBytes
    }
}

/// ``TransactionKind/claimZonePool``: `claimZonePool.zone` (position in `ids.zones`), `claimZonePool.amount`
/// (varint).
struct ClaimZonePoolPayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["claimZonePool.zone", "claimZonePool.amount"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let claim = try? ClaimZonePoolPayload(canonicalBytes: payload) else { return false }
        ids.write(claim.zone, as: .zone, to: &fields[0])
        fields[1].write(claim.amount)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let zone = try fields.readID(0, as: .zone)
        let amount = try fields.read(1) { reader throws(CodecError) in try reader.read(Amount.self) }
        return ClaimZonePoolPayload(zone: zone, amount: amount).canonicalBytes
    }
}

/// The fields a resource's description shares between ``TransactionKind/registerResource`` and
/// ``TransactionKind/updateResource``: endpoint (`string`), metadata (32), consent (32), price (varint),
/// at field indices `first...first + 3`.
private enum ResourceDescriptionFields {
    static func names(_ kind: String) -> [String] {
        ["\(kind).endpoint", "\(kind).metadata", "\(kind).consent", "\(kind).price"]
    }

    static func write(
        endpoint: String, metadata: Hash, consent: Hash, price: Amount, at first: Int, to fields: inout [ByteWriter]
    ) {
        fields[first].writeString(endpoint)
        fields[first + 1].write(metadata)
        fields[first + 2].write(consent)
        fields[first + 3].write(price)
    }

    static func read(at first: Int, from fields: inout FieldReaders) throws(BatchDecodingError) -> (
        endpoint: String, metadata: Hash, consent: Hash, price: Amount
    ) {
        let endpoint = try fields.read(first) { reader throws(CodecError) in
            try reader.readString(cap: Resource.maxEndpointBytes, "endpoint")
        }
        let metadata = try fields.read(first + 1) { reader throws(CodecError) in try reader.readHash("metadata") }
        let consent = try fields.read(first + 2) { reader throws(CodecError) in try reader.readHash("consent") }
        let price = try fields.read(first + 3) { reader throws(CodecError) in try reader.read(Amount.self) }
        return (endpoint, metadata, consent, price)
    }
}

/// ``TransactionKind/registerResource``: `registerResource.kind` (1 byte), then `.endpoint` (`string`),
/// `.metadata` (32), `.consent` (32), `.price` (varint).
struct RegisterResourcePayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["registerResource.kind"] + ResourceDescriptionFields.names("registerResource") }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let resource = try? RegisterResourcePayload(canonicalBytes: payload) else { return false }
        fields[0].write(resource.kind)
        ResourceDescriptionFields.write(
            endpoint: resource.endpoint, metadata: resource.metadataHash, consent: resource.consent,
            price: resource.price, at: 1, to: &fields)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let kind = try fields.read(0) { reader throws(CodecError) in try reader.read(ResourceKind.self) }
        let description = try ResourceDescriptionFields.read(at: 1, from: &fields)
        return RegisterResourcePayload(
            kind: kind, endpoint: description.endpoint, metadataHash: description.metadata,
            consent: description.consent, price: description.price
        ).canonicalBytes
    }
}

/// ``TransactionKind/updateResource``: `updateResource.resource` (position in `ids.resources`), then
/// `.endpoint` (`string`), `.metadata` (32), `.consent` (32), `.price` (varint).
struct UpdateResourcePayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["updateResource.resource"] + ResourceDescriptionFields.names("updateResource") }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let update = try? UpdateResourcePayload(canonicalBytes: payload) else { return false }
        ids.write(update.resource, as: .resource, to: &fields[0])
        ResourceDescriptionFields.write(
            endpoint: update.endpoint, metadata: update.metadataHash, consent: update.consent, price: update.price,
            at: 1, to: &fields)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let resource = try fields.readID(0, as: .resource)
        let description = try ResourceDescriptionFields.read(at: 1, from: &fields)
        return UpdateResourcePayload(
            resource: resource, endpoint: description.endpoint, metadataHash: description.metadata,
            consent: description.consent, price: description.price
        ).canonicalBytes
    }
}

/// ``TransactionKind/dereferenceResource``: `dereferenceResource.resource` (position in `ids.resources`).
struct DereferenceResourcePayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["dereferenceResource.resource"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let dereference = try? DereferenceResourcePayload(canonicalBytes: payload) else { return false }
        ids.write(dereference.resource, as: .resource, to: &fields[0])
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        DereferenceResourcePayload(resource: try fields.readID(0, as: .resource)).canonicalBytes
    }
}

/// ``TransactionKind/joinZone`` and ``TransactionKind/leaveZone`` (same payload shape): `<kind>.zone`
/// (position in `ids.zones`), `<kind>.member` (1 byte: `00` the sender, `01` a resource),
/// `<kind>.resource` (position in `ids.resources`, only for member `01`).
struct MembershipPayloadColumns: PayloadColumns {
    /// `true` for ``TransactionKind/leaveZone``.
    let leaving: Bool

    private var kind: String { leaving ? "leaveZone" : "joinZone" }

    var fieldNames: [String] { ["\(kind).zone", "\(kind).member", "\(kind).resource"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        let zone: Hash
        let resource: Hash?
        if leaving {
            guard let leave = try? LeaveZonePayload(canonicalBytes: payload) else { return false }
            (zone, resource) = (leave.zone, leave.resource)
        } else {
            guard let join = try? JoinZonePayload(canonicalBytes: payload) else { return false }
            (zone, resource) = (join.zone, join.resource)
        }
        ids.write(zone, as: .zone, to: &fields[0])
        fields[1].write(UInt8(resource == nil ? 0 : 1))
        if let resource { ids.write(resource, as: .resource, to: &fields[2]) }
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let zone = try fields.readID(0, as: .zone)
        let flag = try fields.read(1) { reader throws(CodecError) -> Bool in
            let offset = reader.offset
            switch try reader.readUInt8("member") {
            case 0: return false
            case 1: return true
            case let other: throw .unknownTag(what: "member", offset: offset, tag: UInt64(other))
            }
        }
        let resource = flag ? try fields.readID(2, as: .resource) : nil
        return leaving
            ? LeaveZonePayload(zone: zone, resource: resource).canonicalBytes
            : JoinZonePayload(zone: zone, resource: resource).canonicalBytes
    }
}
