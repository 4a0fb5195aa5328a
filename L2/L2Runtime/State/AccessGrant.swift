import Common

/// An access grant: the workflow engine of an execution order may use a resource until the order's deadline.
///
/// Stored under ``StateKeys/accessGrant(engine:resource:execution:)`` while the order is open and deleted when it
/// ends (delivered, failed, cancelled). A Secret Vault checks a grant with a state proof of that key against a
/// committed root and compares ``expiresAtMillis`` with the time itself: a grant is never valid after it.
public struct AccessGrant: Hashable, Sendable {
    /// The engine (resource id) the grant is for.
    public var engine: Hash
    /// The resource it may use.
    public var resource: Hash
    /// The execution order that created it.
    public var execution: Hash
    /// The zone of the order.
    public var zone: Hash
    /// The time it ends (the order's deadline), in milliseconds.
    public var expiresAtMillis: UInt64

    /// Creates a grant record.
    public init(engine: Hash, resource: Hash, execution: Hash, zone: Hash, expiresAtMillis: UInt64) {
        self.engine = engine
        self.resource = resource
        self.execution = execution
        self.zone = zone
        self.expiresAtMillis = expiresAtMillis
    }
}

extension AccessGrant: CanonicalCodable {
    /// `engine || resource || execution || zone || varint(expiresAtMillis)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(engine)
        writer.write(resource)
        writer.write(execution)
        writer.write(zone)
        writer.writeVarint(expiresAtMillis)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        engine = try reader.readHash("engine")
        resource = try reader.readHash("resource")
        execution = try reader.readHash("execution")
        zone = try reader.readHash("zone")
        expiresAtMillis = try reader.readVarint(UInt64.self, "expires at")
    }
}
