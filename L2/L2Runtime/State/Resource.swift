import Common

/// What a resource is.
public enum ResourceKind: UInt8, CaseIterable, Hashable, Sendable {
    /// Data.
    case dataset = 0
    /// A running service.
    case service = 1
    /// Code that runs over data.
    case algorithm = 2
    /// Compute or storage.
    case infrastructure = 3
    /// An identity (a person or an organisation).
    case identity = 4
    /// A workflow engine, which runs executions; its consent program is its admission policy.
    case workflowEngine = 5
}

/// A registered resource: its controller, kind, endpoint, metadata, consent program and price.
public struct Resource: Hashable, Sendable {
    /// The most UTF-8 bytes of an endpoint URI.
    public static let maxEndpointBytes = 512

    /// The resource's id (``RecordID/resource``).
    public var id: Hash
    /// The account that controls it (registered it) and is paid for it.
    public var controller: Address
    /// What it is.
    public var kind: ResourceKind
    /// Where it is reached (a URI; the runtime does not interpret it).
    public var endpoint: String
    /// The hash of its metadata document (kept off chain).
    public var metadataHash: Hash
    /// The hash of its consent program (a stored program).
    public var consent: Hash
    /// What one execution using it pays its controller.
    public var price: Amount
    /// Whether its controller withdrew it: no grant is issued on it any more. Final.
    public var dereferenced: Bool

    /// Creates a resource record.
    public init(
        id: Hash, controller: Address, kind: ResourceKind, endpoint: String, metadataHash: Hash, consent: Hash,
        price: Amount, dereferenced: Bool
    ) {
        self.id = id
        self.controller = controller
        self.kind = kind
        self.endpoint = endpoint
        self.metadataHash = metadataHash
        self.consent = consent
        self.price = price
        self.dereferenced = dereferenced
    }
}

extension ResourceKind: CanonicalCodable {
    /// One byte (the raw value).
    public func encode(to writer: inout ByteWriter) { writer.write(rawValue) }

    /// Reads the byte; any other value is an error.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let offset = reader.offset
        let raw = try reader.readUInt8("resource kind")
        guard let kind = ResourceKind(rawValue: raw) else {
            throw .unknownTag(what: "resource kind", offset: offset, tag: UInt64(raw))
        }
        self = kind
    }
}

extension Resource: CanonicalCodable {
    /// `id || controller (20) || kind (1) || string(endpoint) || metadataHash || consent || varint(price) ||
    /// bool(dereferenced)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(controller)
        writer.write(kind)
        writer.writeString(endpoint)
        writer.write(metadataHash)
        writer.write(consent)
        writer.write(price)
        writer.write(dereferenced)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        id = try reader.readHash("resource id")
        controller = try reader.read(Address.self)
        kind = try reader.read(ResourceKind.self)
        endpoint = try reader.readString(cap: Self.maxEndpointBytes, "endpoint")
        metadataHash = try reader.readHash("metadata hash")
        consent = try reader.readHash("consent program")
        price = try reader.read(Amount.self)
        dereferenced = try reader.readBool("dereferenced")
    }
}
