import Common

/// ``TransactionKind/cancelExecution``: cancels an execution order and refunds its payment.
public struct CancelExecutionPayload: Hashable, Sendable {
    /// The execution's id.
    public var execution: Hash

    /// Creates the payload.
    public init(execution: Hash) {
        self.execution = execution
    }
}

extension CancelExecutionPayload: CanonicalCodable {
    /// `execution (32)`.
    public func encode(to writer: inout ByteWriter) { writer.write(execution) }

    /// Reads the hash.
    public init(from reader: inout ByteReader) throws(CodecError) {
        execution = try reader.readHash("execution")
    }
}
