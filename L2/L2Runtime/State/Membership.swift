import Common

/// Who is a member of a zone: an account (which may then request executions in a private zone) or a resource
/// (which executions in the zone may then use).
public enum ZoneMember: Hashable, Sendable {
    /// An account, by address.
    case account(Address)
    /// A resource, by id.
    case resource(Hash)
}

/// A zone membership: when it began.
public struct Membership: Hashable, Sendable {
    /// The block time at which the member joined, in milliseconds.
    public var joinedAtMillis: UInt64

    /// Creates a membership record.
    public init(joinedAtMillis: UInt64) {
        self.joinedAtMillis = joinedAtMillis
    }
}

extension ZoneMember: CanonicalCodable {
    /// `0x00 || address (20)` or `0x01 || resource id (32)`.
    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .account(let address):
            writer.write(UInt8(0))
            writer.write(address)
        case .resource(let id):
            writer.write(UInt8(1))
            writer.write(id)
        }
    }

    /// Reads the tag then the address or id.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let offset = reader.offset
        switch try reader.readUInt8("member tag") {
        case 0: self = .account(try reader.read(Address.self))
        case 1: self = .resource(try reader.readHash("resource id"))
        case let tag: throw .unknownTag(what: "zone member", offset: offset, tag: UInt64(tag))
        }
    }
}

extension Membership: CanonicalCodable {
    /// `varint(joinedAtMillis)`.
    public func encode(to writer: inout ByteWriter) { writer.writeVarint(joinedAtMillis) }

    /// Reads the varint.
    public init(from reader: inout ByteReader) throws(CodecError) {
        joinedAtMillis = try reader.readVarint(UInt64.self, "joined at")
    }
}
