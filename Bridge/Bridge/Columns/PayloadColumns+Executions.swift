import Common
import L2Runtime

/// ``TransactionKind/requestExecution``: `.zone` (position in `ids.zones`), `.engine` (position in
/// `ids.resources`), `.resourceCount` (varint), `.resources` (positions in `ids.resources`), `.params` (32),
/// `.payment` (varint), `.deadline` (`varint(zigzag(deadline - block time))`).
struct RequestExecutionPayloadColumns: PayloadColumns {
    var fieldNames: [String] {
        [
            "requestExecution.zone", "requestExecution.engine", "requestExecution.resourceCount",
            "requestExecution.resources", "requestExecution.params", "requestExecution.payment",
            "requestExecution.deadline",
        ]
    }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let request = try? RequestExecutionPayload(canonicalBytes: payload) else { return false }
        ids.write(request.zone, as: .zone, to: &fields[0])
        ids.write(request.engine, as: .resource, to: &fields[1])
        ids.write(request.resources, as: .resource, counts: 2, positions: 3, in: &fields)
        fields[4].write(request.paramsHash)
        fields[5].write(request.payment)
        fields[6].writeVarint(ZigZag.encode(request.deadlineMillis, from: blockTime))
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let zone = try fields.readID(0, as: .zone)
        let engine = try fields.readID(1, as: .resource)
        let resources = try fields.readIDList(count: 2, 3, as: .resource, cap: ExecutionOrder.maxResources)
        let params = try fields.read(4) { reader throws(CodecError) in try reader.readHash("params hash") }
        let payment = try fields.read(5) { reader throws(CodecError) in try reader.read(Amount.self) }
        let deadline = try fields.read(6) { reader throws(CodecError) in
            ZigZag.decode(try reader.readVarint(UInt64.self, "deadline"), from: blockTime)
        }
        return RequestExecutionPayload(
            zone: zone, engine: engine, resources: resources, paramsHash: params, payment: payment,
            deadlineMillis: deadline
        ).canonicalBytes
    }
}

/// ``TransactionKind/reportExecution``: `.execution` (position in `ids.executions`), `.status` (1 byte),
/// `.consumedCount` (varint), `.consumed` (positions in `ids.resources`), `.producedCount` (varint),
/// `.produced` (positions in `ids.resources`), `.evidence` (32).
struct ReportExecutionPayloadColumns: PayloadColumns {
    var fieldNames: [String] {
        [
            "reportExecution.execution", "reportExecution.status", "reportExecution.consumedCount",
            "reportExecution.consumed", "reportExecution.producedCount", "reportExecution.produced",
            "reportExecution.evidence",
        ]
    }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let report = try? ReportExecutionPayload(canonicalBytes: payload) else { return false }
        ids.write(report.execution, as: .execution, to: &fields[0])
        fields[1].write(report.status)
        ids.write(report.consumed, as: .resource, counts: 2, positions: 3, in: &fields)
        ids.write(report.produced, as: .resource, counts: 4, positions: 5, in: &fields)
        fields[6].write(report.evidenceHash)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let execution = try fields.readID(0, as: .execution)
        let status = try fields.read(1) { reader throws(CodecError) in try reader.read(ExecutionStatus.self) }
        let consumed = try fields.readIDList(count: 2, 3, as: .resource, cap: ExecutionReport.maxResources)
        let produced = try fields.readIDList(count: 4, 5, as: .resource, cap: ExecutionReport.maxResources)
        let evidence = try fields.read(6) { reader throws(CodecError) in try reader.readHash("evidence hash") }
        return ReportExecutionPayload(
            execution: execution, status: status, consumed: consumed, produced: produced, evidenceHash: evidence
        ).canonicalBytes
    }
}

/// ``TransactionKind/cancelExecution``: `cancelExecution.execution` (position in `ids.executions`).
struct CancelExecutionPayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["cancelExecution.execution"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let cancel = try? CancelExecutionPayload(canonicalBytes: payload) else { return false }
        ids.write(cancel.execution, as: .execution, to: &fields[0])
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        CancelExecutionPayload(execution: try fields.readID(0, as: .execution)).canonicalBytes
    }
}
