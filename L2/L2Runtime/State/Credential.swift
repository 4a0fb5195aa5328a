import Common

/// A hash-anchored credential: `issuer` claims something of type `type` about `subject`, valid from
/// ``validFromMillis`` (inclusive) to ``validUntilMillis`` (exclusive); the claim itself stays off chain and
/// only its hash is anchored.
public struct Credential: Hashable, Sendable {
    /// The most UTF-8 bytes of a credential type.
    public static let maxTypeBytes = 64

    /// The credential's id (``RecordID/credential``).
    public var id: Hash
    /// Who issued it (and alone may revoke it).
    public var issuer: Address
    /// Whom it is about.
    public var subject: Address
    /// Its type, e.g. `dataset-access`: the `Type` of the rules fact `credential(Holder, Type, Issuer)`.
    public var type: String
    /// The hash of the claim document.
    public var claimHash: Hash
    /// Valid from this block time, in milliseconds.
    public var validFromMillis: UInt64
    /// Valid until (before) this block time, in milliseconds.
    public var validUntilMillis: UInt64
    /// Whether the issuer revoked it. Final.
    public var revoked: Bool

    /// Creates a credential record.
    public init(
        id: Hash, issuer: Address, subject: Address, type: String, claimHash: Hash, validFromMillis: UInt64,
        validUntilMillis: UInt64, revoked: Bool
    ) {
        self.id = id
        self.issuer = issuer
        self.subject = subject
        self.type = type
        self.claimHash = claimHash
        self.validFromMillis = validFromMillis
        self.validUntilMillis = validUntilMillis
        self.revoked = revoked
    }

    /// Whether it is valid at block time `millis`: not revoked and inside its window.
    public func isValid(atMillis millis: UInt64) -> Bool {
        !revoked && validFromMillis <= millis && millis < validUntilMillis
    }
}

extension Credential: CanonicalCodable {
    /// `id || issuer (20) || subject (20) || string(type) || claimHash || varint(validFromMillis) ||
    /// varint(validUntilMillis) || bool(revoked)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(issuer)
        writer.write(subject)
        writer.writeString(type)
        writer.write(claimHash)
        writer.writeVarint(validFromMillis)
        writer.writeVarint(validUntilMillis)
        writer.write(revoked)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        id = try reader.readHash("credential id")
        issuer = try reader.read(Address.self)
        subject = try reader.read(Address.self)
        type = try reader.readString(cap: Self.maxTypeBytes, "credential type")
        claimHash = try reader.readHash("claim hash")
        validFromMillis = try reader.readVarint(UInt64.self, "valid from")
        validUntilMillis = try reader.readVarint(UInt64.self, "valid until")
        revoked = try reader.readBool("revoked")
    }
}

/// The ids of the credentials an account holds (it is their subject and accepted them), in the order it accepted
/// them: what the runtime reads to give a rules program the `credential/3` facts of a subject.
public struct HeldCredentials: Hashable, Sendable {
    /// The most credentials one account may hold at once (revoked and expired ones are dropped to make room).
    public static let cap = 32

    /// The credential ids.
    public var ids: [Hash]

    /// Creates a list.
    public init(ids: [Hash]) {
        self.ids = ids
    }
}

extension HeldCredentials: CanonicalCodable {
    /// `list<hash>`.
    public func encode(to writer: inout ByteWriter) { writer.writeList(ids) }

    /// Reads at most ``cap`` ids.
    public init(from reader: inout ByteReader) throws(CodecError) {
        ids = try reader.readList(Hash.self, cap: Self.cap, "held credentials")
    }
}
