import Common

/// ``TransactionKind/requestExecution``: asks a workflow engine to run over resources in a zone, escrowing the
/// payment. The order's id is ``RecordID/derive(_:transaction:)`` with ``RecordID/execution``.
public struct RequestExecutionPayload: Hashable, Sendable {
    /// The zone.
    public var zone: Hash
    /// The workflow engine (a resource of kind ``ResourceKind/workflowEngine``).
    public var engine: Hash
    /// The resources to use: 1 to ``ExecutionOrder/maxResources``, no duplicates, not the engine.
    public var resources: [Hash]
    /// The hash of the parameters.
    public var paramsHash: Hash
    /// The payment to escrow.
    public var payment: Amount
    /// The block time by which the engine must deliver, in milliseconds; after the request's block time.
    public var deadlineMillis: UInt64

    /// Creates the payload.
    public init(
        zone: Hash, engine: Hash, resources: [Hash], paramsHash: Hash, payment: Amount, deadlineMillis: UInt64
    ) {
        self.zone = zone
        self.engine = engine
        self.resources = resources
        self.paramsHash = paramsHash
        self.payment = payment
        self.deadlineMillis = deadlineMillis
    }
}

extension RequestExecutionPayload: CanonicalCodable {
    /// `zone || engine || list<hash>(resources) || paramsHash || varint(payment) || varint(deadlineMillis)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(zone)
        writer.write(engine)
        writer.writeList(resources)
        writer.write(paramsHash)
        writer.write(payment)
        writer.writeVarint(deadlineMillis)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        zone = try reader.readHash("zone")
        engine = try reader.readHash("engine")
        resources = try reader.readList(Hash.self, cap: ExecutionOrder.maxResources, "resources")
        paramsHash = try reader.readHash("params hash")
        payment = try reader.read(Amount.self)
        deadlineMillis = try reader.readVarint(UInt64.self, "deadline")
    }
}
