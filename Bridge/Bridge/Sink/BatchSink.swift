/// Where the batcher hands closed batches: the L1 settlement client (with the bridge), a file directory, or
/// memory in tests.
///
/// A sink accepts batches in chain order: each commitment must follow the last one it accepted
/// (``BatchCommitment/follows(_:)``). Submitting the batch it accepted last again, byte for byte, is a no-op,
/// so a batcher that crashed between submitting and recording it can safely submit again.
public protocol BatchSink: Sendable {
    /// Takes `batch` with its commitment; returns once it is durable (or posted).
    func submit(_ batch: EncodedBatch, commitment: BatchCommitment) async throws
    /// The commitment of the last batch the sink accepted, or `nil` before the first.
    func lastCommitment() async throws -> BatchCommitment?
}

/// Why a sink refused a batch.
public enum BatchSinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The commitment does not follow the last accepted one.
    case outOfOrder(expectedIndex: UInt64, found: UInt64)
    /// The commitment does not match its batch (data hash).
    case dataMismatch(batchIndex: UInt64)
    /// A different batch was already accepted under this index.
    case conflict(batchIndex: UInt64)
    /// The sink's storage failed or holds something unreadable.
    case storage(String)

    /// What was wrong.
    public var description: String {
        switch self {
        case .outOfOrder(let expected, let found): "batch \(found) submitted where batch \(expected) should come"
        case .dataMismatch(let index): "batch \(index)'s commitment does not name its data"
        case .conflict(let index): "another batch was already accepted as batch \(index)"
        case .storage(let reason): "batch sink storage: \(reason)"
        }
    }
}

extension BatchSink {
    /// The check every sink makes before it accepts `commitment` after `last`: `true` when it is `last`
    /// again (a no-op), `false` when it is new and follows; throws otherwise.
    public static func checkOrder(
        _ commitment: BatchCommitment, batch: EncodedBatch, after last: BatchCommitment?
    ) throws(BatchSinkError) -> Bool {
        guard commitment.dataHash == batch.dataHash else { throw .dataMismatch(batchIndex: commitment.batchIndex) }
        if let last, last.batchIndex == commitment.batchIndex {
            guard last == commitment else { throw .conflict(batchIndex: commitment.batchIndex) }
            return true
        }
        guard commitment.follows(last) else {
            throw .outOfOrder(expectedIndex: last.map { $0.batchIndex &+ 1 } ?? 0, found: commitment.batchIndex)
        }
        return false
    }
}
