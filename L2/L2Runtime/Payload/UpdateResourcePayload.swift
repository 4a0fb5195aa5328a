import Common

/// ``TransactionKind/updateResource``: replaces a resource's endpoint, metadata, consent program and price (its
/// kind and controller never change).
public struct UpdateResourcePayload: Hashable, Sendable {
    /// The resource.
    public var resource: Hash
    /// The new endpoint.
    public var endpoint: String
    /// The new metadata hash.
    public var metadataHash: Hash
    /// The new consent program (stored before).
    public var consent: Hash
    /// The new price.
    public var price: Amount

    /// Creates the payload.
    public init(resource: Hash, endpoint: String, metadataHash: Hash, consent: Hash, price: Amount) {
        self.resource = resource
        self.endpoint = endpoint
        self.metadataHash = metadataHash
        self.consent = consent
        self.price = price
    }
}

extension UpdateResourcePayload: CanonicalCodable {
    /// `resource || string(endpoint) || metadataHash || consent || varint(price)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(resource)
        writer.writeString(endpoint)
        writer.write(metadataHash)
        writer.write(consent)
        writer.write(price)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        resource = try reader.readHash("resource")
        endpoint = try reader.readString(cap: Resource.maxEndpointBytes, "endpoint")
        metadataHash = try reader.readHash("metadata hash")
        consent = try reader.readHash("consent")
        price = try reader.read(Amount.self)
    }
}
