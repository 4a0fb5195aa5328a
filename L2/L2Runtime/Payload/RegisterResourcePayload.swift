import Common

/// ``TransactionKind/registerResource``: registers a resource controlled by the sender. Its id is
/// ``RecordID/derive(_:transaction:)`` with ``RecordID/resource``.
public struct RegisterResourcePayload: Hashable, Sendable {
    /// What it is.
    public var kind: ResourceKind
    /// Where it is reached (at most ``Resource/maxEndpointBytes`` of UTF-8).
    public var endpoint: String
    /// The hash of its metadata document.
    public var metadataHash: Hash
    /// The hash of its consent program (stored before).
    public var consent: Hash
    /// What one execution using it pays.
    public var price: Amount

    /// Creates the payload.
    public init(kind: ResourceKind, endpoint: String, metadataHash: Hash, consent: Hash, price: Amount) {
        self.kind = kind
        self.endpoint = endpoint
        self.metadataHash = metadataHash
        self.consent = consent
        self.price = price
    }
}

extension RegisterResourcePayload: CanonicalCodable {
    /// `kind (1) || string(endpoint) || metadataHash || consent || varint(price)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(kind)
        writer.writeString(endpoint)
        writer.write(metadataHash)
        writer.write(consent)
        writer.write(price)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        kind = try reader.read(ResourceKind.self)
        endpoint = try reader.readString(cap: Resource.maxEndpointBytes, "endpoint")
        metadataHash = try reader.readHash("metadata hash")
        consent = try reader.readHash("consent")
        price = try reader.read(Amount.self)
    }
}
