import Common

/// ``TransactionKind/revokeCredential``: revokes a credential (its issuer only; final).
public struct RevokeCredentialPayload: Hashable, Sendable {
    /// The credential's id.
    public var credential: Hash

    /// Creates the payload.
    public init(credential: Hash) {
        self.credential = credential
    }
}

extension RevokeCredentialPayload: CanonicalCodable {
    /// `credential (32)`.
    public func encode(to writer: inout ByteWriter) { writer.write(credential) }

    /// Reads the hash.
    public init(from reader: inout ByteReader) throws(CodecError) {
        credential = try reader.readHash("credential")
    }
}
