import Common

/// ``TransactionKind/reportExecution``: the order's engine reports that it started, delivered or failed.
public struct ReportExecutionPayload: Hashable, Sendable {
    /// The execution order.
    public var execution: Hash
    /// The status reported: ``ExecutionStatus/started``, ``ExecutionStatus/delivered`` or
    /// ``ExecutionStatus/failed``.
    public var status: ExecutionStatus
    /// The order's resources consumed (at most ``ExecutionReport/maxResources``, no duplicates).
    public var consumed: [Hash]
    /// The registered resources produced (at most ``ExecutionReport/maxResources``, no duplicates).
    public var produced: [Hash]
    /// The hash of the evidence.
    public var evidenceHash: Hash

    /// Creates the payload.
    public init(
        execution: Hash, status: ExecutionStatus, consumed: [Hash] = [], produced: [Hash] = [], evidenceHash: Hash
    ) {
        self.execution = execution
        self.status = status
        self.consumed = consumed
        self.produced = produced
        self.evidenceHash = evidenceHash
    }
}

extension ReportExecutionPayload: CanonicalCodable {
    /// `execution || status (1) || list<hash>(consumed) || list<hash>(produced) || evidenceHash`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(execution)
        writer.write(status)
        writer.writeList(consumed)
        writer.writeList(produced)
        writer.write(evidenceHash)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        execution = try reader.readHash("execution")
        status = try reader.read(ExecutionStatus.self)
        consumed = try reader.readList(Hash.self, cap: ExecutionReport.maxResources, "consumed")
        produced = try reader.readList(Hash.self, cap: ExecutionReport.maxResources, "produced")
        evidenceHash = try reader.readHash("evidence hash")
    }
}
