import Common

/// The payload of the kinds that name one credential: ``TransactionKind/revokeCredential`` (its issuer; final),
/// ``TransactionKind/acceptCredential`` and ``TransactionKind/dismissCredential`` (its subject).
public struct CredentialPayload: Hashable, Sendable {
    /// The credential's id.
    public var credential: Hash

    /// Creates the payload.
    public init(credential: Hash) {
        self.credential = credential
    }
}

extension CredentialPayload: CanonicalCodable {
    /// `credential (32)`.
    public func encode(to writer: inout ByteWriter) { writer.write(credential) }

    /// Reads the hash.
    public init(from reader: inout ByteReader) throws(CodecError) {
        credential = try reader.readHash("credential")
    }
}
