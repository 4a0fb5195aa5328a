import Common

/// ``TransactionKind/issueCredential``: the sender (the issuer) anchors a claim about `subject`. The credential's
/// id is ``RecordID/derive(_:transaction:)`` with ``RecordID/credential``.
public struct IssueCredentialPayload: Hashable, Sendable {
    /// Whom it is about.
    public var subject: Address
    /// Its type (1 to ``Credential/maxTypeBytes`` bytes of UTF-8).
    public var type: String
    /// The hash of the claim document.
    public var claimHash: Hash
    /// Valid from, in milliseconds of block time.
    public var validFromMillis: UInt64
    /// Valid until (exclusive), in milliseconds of block time; after ``validFromMillis``.
    public var validUntilMillis: UInt64

    /// Creates the payload.
    public init(subject: Address, type: String, claimHash: Hash, validFromMillis: UInt64, validUntilMillis: UInt64) {
        self.subject = subject
        self.type = type
        self.claimHash = claimHash
        self.validFromMillis = validFromMillis
        self.validUntilMillis = validUntilMillis
    }
}

extension IssueCredentialPayload: CanonicalCodable {
    /// `subject (20) || string(type) || claimHash || varint(validFromMillis) || varint(validUntilMillis)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(subject)
        writer.writeString(type)
        writer.write(claimHash)
        writer.writeVarint(validFromMillis)
        writer.writeVarint(validUntilMillis)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        subject = try reader.read(Address.self)
        type = try reader.readString(cap: Credential.maxTypeBytes, "credential type")
        claimHash = try reader.readHash("claim hash")
        validFromMillis = try reader.readVarint(UInt64.self, "valid from")
        validUntilMillis = try reader.readVarint(UInt64.self, "valid until")
    }
}
