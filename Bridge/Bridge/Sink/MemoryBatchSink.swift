/// A sink that keeps batches in memory, in order: for tests and for a node that does not post.
public actor MemoryBatchSink: BatchSink {
    /// One accepted batch.
    public struct Entry: Hashable, Sendable {
        /// The batch.
        public var batch: EncodedBatch
        /// Its commitment.
        public var commitment: BatchCommitment
    }

    /// The accepted batches, oldest first.
    public private(set) var entries: [Entry] = []
    /// How many submissions were calls for a batch already accepted (no-ops).
    public private(set) var repeatedSubmissions = 0

    /// An empty sink.
    public init() {}

    /// Accepts `batch` if its commitment follows the last one; a repeat of the last one is a no-op.
    public func submit(_ batch: EncodedBatch, commitment: BatchCommitment) async throws {
        if try Self.checkOrder(commitment, batch: batch, after: entries.last?.commitment) {
            repeatedSubmissions += 1
            return
        }
        entries.append(Entry(batch: batch, commitment: commitment))
    }

    /// The last accepted commitment.
    public func lastCommitment() async throws -> BatchCommitment? {
        entries.last?.commitment
    }
}
