import Common

/// How a node stores a block's events (they are in no root, so this is a storage format, not a consensus one):
/// `varint(transactionIndex) || u8(tag) || fields`, the tag the kind's place in ``RuntimeEvent/Kind`` from 1 and
/// the fields in the order the case names them, each in its canonical encoding.
extension RuntimeEvent: CanonicalCodable {
    /// Writes the event.
    public func encode(to writer: inout ByteWriter) {
        writer.writeVarint(transactionIndex)
        switch kind {
        case .programStored(let program):
            writer.write(UInt8(1))
            writer.write(program)
        case .zoneFounded(let zone, let founder):
            writer.write(UInt8(2))
            writer.write(zone)
            writer.write(founder)
        case .zoneRulesRevised(let zone, let rules):
            writer.write(UInt8(3))
            writer.write(zone)
            writer.write(rules)
        case .resourceRegistered(let resource, let controller, let kind):
            writer.write(UInt8(4))
            writer.write(resource)
            writer.write(controller)
            writer.write(kind)
        case .resourceUpdated(let resource):
            writer.write(UInt8(5))
            writer.write(resource)
        case .resourceDereferenced(let resource):
            writer.write(UInt8(6))
            writer.write(resource)
        case .memberJoined(let zone, let member):
            writer.write(UInt8(7))
            writer.write(zone)
            writer.write(member)
        case .memberLeft(let zone, let member):
            writer.write(UInt8(8))
            writer.write(zone)
            writer.write(member)
        case .credentialIssued(let credential, let issuer, let subject):
            writer.write(UInt8(9))
            writer.write(credential)
            writer.write(issuer)
            writer.write(subject)
        case .credentialRevoked(let credential):
            writer.write(UInt8(10))
            writer.write(credential)
        case .credentialAccepted(let credential, let subject):
            writer.write(UInt8(11))
            writer.write(credential)
            writer.write(subject)
        case .credentialDismissed(let credential, let subject):
            writer.write(UInt8(12))
            writer.write(credential)
            writer.write(subject)
        case .executionRequested(let execution, let zone, let engine, let deadlineMillis):
            writer.write(UInt8(13))
            writer.write(execution)
            writer.write(zone)
            writer.write(engine)
            writer.writeVarint(deadlineMillis)
        case .executionReported(let execution, let status):
            writer.write(UInt8(14))
            writer.write(execution)
            writer.write(status)
        case .executionCancelled(let execution):
            writer.write(UInt8(15))
            writer.write(execution)
        case .accessGranted(let engine, let resource, let execution, let expiresAtMillis):
            writer.write(UInt8(16))
            writer.write(engine)
            writer.write(resource)
            writer.write(execution)
            writer.writeVarint(expiresAtMillis)
        case .grantEnded(let engine, let resource, let execution):
            writer.write(UInt8(17))
            writer.write(engine)
            writer.write(resource)
            writer.write(execution)
        case .paid(let execution, let recipient, let amount):
            writer.write(UInt8(18))
            writer.write(execution)
            writer.write(recipient)
            writer.write(amount)
        case .refunded(let execution, let consumer, let amount):
            writer.write(UInt8(19))
            writer.write(execution)
            writer.write(consumer)
            writer.write(amount)
        case .zonePoolClaimed(let zone, let founder, let amount):
            writer.write(UInt8(20))
            writer.write(zone)
            writer.write(founder)
            writer.write(amount)
        case .withdrawalRecorded(let sequence, let owner, let recipient, let amount):
            writer.write(UInt8(21))
            writer.writeVarint(sequence)
            writer.write(owner)
            writer.write(recipient)
            writer.write(amount)
        }
    }

    /// Reads an event; an unknown tag is an error.
    public init(from reader: inout ByteReader) throws(CodecError) {
        transactionIndex = try reader.readVarint(UInt32.self, "event transaction index")
        let offset = reader.offset
        let tag = try reader.readUInt8("event kind")
        switch tag {
        case 1: kind = .programStored(program: try reader.readHash())
        case 2: kind = .zoneFounded(zone: try reader.readHash(), founder: try reader.read(Address.self))
        case 3: kind = .zoneRulesRevised(zone: try reader.readHash(), rules: try reader.readHash())
        case 4:
            kind = .resourceRegistered(
                resource: try reader.readHash(), controller: try reader.read(Address.self),
                kind: try reader.read(ResourceKind.self))
        case 5: kind = .resourceUpdated(resource: try reader.readHash())
        case 6: kind = .resourceDereferenced(resource: try reader.readHash())
        case 7: kind = .memberJoined(zone: try reader.readHash(), member: try reader.read(ZoneMember.self))
        case 8: kind = .memberLeft(zone: try reader.readHash(), member: try reader.read(ZoneMember.self))
        case 9:
            kind = .credentialIssued(
                credential: try reader.readHash(), issuer: try reader.read(Address.self),
                subject: try reader.read(Address.self))
        case 10: kind = .credentialRevoked(credential: try reader.readHash())
        case 11: kind = .credentialAccepted(credential: try reader.readHash(), subject: try reader.read(Address.self))
        case 12: kind = .credentialDismissed(credential: try reader.readHash(), subject: try reader.read(Address.self))
        case 13:
            kind = .executionRequested(
                execution: try reader.readHash(), zone: try reader.readHash(), engine: try reader.readHash(),
                deadlineMillis: try reader.readVarint(UInt64.self, "deadline"))
        case 14:
            kind = .executionReported(execution: try reader.readHash(), status: try reader.read(ExecutionStatus.self))
        case 15: kind = .executionCancelled(execution: try reader.readHash())
        case 16:
            kind = .accessGranted(
                engine: try reader.readHash(), resource: try reader.readHash(), execution: try reader.readHash(),
                expiresAtMillis: try reader.readVarint(UInt64.self, "expiry"))
        case 17:
            kind = .grantEnded(
                engine: try reader.readHash(), resource: try reader.readHash(), execution: try reader.readHash())
        case 18:
            kind = .paid(
                execution: try reader.readHash(), recipient: try reader.read(Address.self),
                amount: try reader.read(Amount.self))
        case 19:
            kind = .refunded(
                execution: try reader.readHash(), consumer: try reader.read(Address.self),
                amount: try reader.read(Amount.self))
        case 20:
            kind = .zonePoolClaimed(
                zone: try reader.readHash(), founder: try reader.read(Address.self),
                amount: try reader.read(Amount.self))
        case 21:
            kind = .withdrawalRecorded(
                sequence: try reader.readVarint(UInt64.self, "withdrawal sequence"),
                owner: try reader.read(Address.self),
                recipient: try reader.read(Address.self), amount: try reader.read(Amount.self))
        default:
            throw .invalidValue(what: "event kind", offset: offset, reason: "tag \(tag) is unknown")
        }
    }
}
