import Common

/// ``TransactionKind/dereferenceResource``: withdraws a resource (its controller only, always allowed).
public struct DereferenceResourcePayload: Hashable, Sendable {
    /// The resource's id.
    public var resource: Hash

    /// Creates the payload.
    public init(resource: Hash) {
        self.resource = resource
    }
}

extension DereferenceResourcePayload: CanonicalCodable {
    /// `resource (32)`.
    public func encode(to writer: inout ByteWriter) { writer.write(resource) }

    /// Reads the hash.
    public init(from reader: inout ByteReader) throws(CodecError) {
        resource = try reader.readHash("resource")
    }
}
