import Common

/// How a resource was produced: by which execution (what engine, where, when), from which resources, with what
/// evidence. A delivered report links each produced resource to the resources the execution consumed.
public struct ProvenanceLink: Hashable, Sendable {
    /// The execution order that produced the resource.
    public var execution: Hash
    /// The engine that ran it (how).
    public var engine: Hash
    /// The zone it ran in (where).
    public var zone: Hash
    /// The resources it consumed (from what).
    public var consumed: [Hash]
    /// The evidence of the report.
    public var evidenceHash: Hash
    /// The block time of the delivery (when), in milliseconds.
    public var deliveredAtMillis: UInt64

    /// Creates a link.
    public init(
        execution: Hash, engine: Hash, zone: Hash, consumed: [Hash], evidenceHash: Hash, deliveredAtMillis: UInt64
    ) {
        self.execution = execution
        self.engine = engine
        self.zone = zone
        self.consumed = consumed
        self.evidenceHash = evidenceHash
        self.deliveredAtMillis = deliveredAtMillis
    }
}

/// Every provenance link of one produced resource, in the order they were recorded.
public struct Provenance: Hashable, Sendable {
    /// The most links one resource may have (a resource is usually produced once).
    public static let cap = 8

    /// The links.
    public var links: [ProvenanceLink]

    /// Creates a provenance record.
    public init(links: [ProvenanceLink]) {
        self.links = links
    }
}

extension ProvenanceLink: CanonicalCodable {
    /// `execution || engine || zone || list<hash>(consumed) || evidenceHash || varint(deliveredAtMillis)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(execution)
        writer.write(engine)
        writer.write(zone)
        writer.writeList(consumed)
        writer.write(evidenceHash)
        writer.writeVarint(deliveredAtMillis)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        execution = try reader.readHash("execution")
        engine = try reader.readHash("engine")
        zone = try reader.readHash("zone")
        consumed = try reader.readList(Hash.self, cap: ExecutionReport.maxResources, "consumed")
        evidenceHash = try reader.readHash("evidence hash")
        deliveredAtMillis = try reader.readVarint(UInt64.self, "delivered at")
    }
}

extension Provenance: CanonicalCodable {
    /// `list<link>`.
    public func encode(to writer: inout ByteWriter) { writer.writeList(links) }

    /// Reads at most ``cap`` links.
    public init(from reader: inout ByteReader) throws(CodecError) {
        links = try reader.readList(ProvenanceLink.self, cap: Self.cap, "provenance links")
    }
}
