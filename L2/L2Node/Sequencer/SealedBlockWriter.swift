import Foundation
import L2Runtime

/// Seals and writes each closed block on a thread of its own while the sequencer executes the next one.
///
/// A block's write is, in this order: its roots computed (they need its parent's hash, and its state root
/// goes on top of its parent's committed state), its sealed record appended to the log and synced, the block
/// stored, its state committed. The order is what makes a crash at any moment recoverable from the log: the
/// committed state never runs ahead of the block store, nor the block store ahead of the durable log.
///
/// The writes run one after the other, in order; up to ``depth`` closed blocks may be waiting or being
/// written, so that a slow disk write (the VM's fsync can take 300 ms) does not stop the sequencer, which
/// waits only when that many are behind. A failed write is kept, and every later ``wait()``, ``check()`` and
/// ``start(_:)`` throws it: the sequencer then stops.
final class SealedBlockWriter: Sendable {
    /// What the writes report, under a condition the waiters wait on.
    private final class Progress: @unchecked Sendable {
        // Unchecked: every field is read and written only with `condition` locked.
        let condition = NSCondition()
        /// Writes started and not finished.
        var writing = 0
        var failure: SequencerError?
        var committed: BlockHeader

        init(committed: BlockHeader) {
            self.committed = committed
        }
    }

    private let thread = WorkerThread()
    private let progress: Progress
    /// The most writes started and not finished.
    let depth: Int

    /// A writer whose last committed block is `committed`, with at most `depth` writes under way.
    init(committed: BlockHeader, depth: Int = 3) {
        progress = Progress(committed: committed)
        self.depth = max(1, depth)
    }

    /// Waits until fewer than ``depth`` writes are under way, then queues `write` on the writer's thread and
    /// returns. `write` runs after every write queued before it, and is given the header of the last block
    /// whose state is committed then (the parent of the block it writes); it returns the header of the block
    /// whose state it committed.
    func start(_ write: @escaping @Sendable (BlockHeader) throws(SequencerError) -> BlockHeader) throws(SequencerError)
    {
        let depth = self.depth
        try withProgress(until: { $0.writing < depth }) { $0.writing += 1 }
        let progress = self.progress
        thread.enqueue {
            progress.condition.lock()
            let parent = progress.committed
            // A write after a failed one does nothing: the sequencer stops on the first failure.
            let failed = progress.failure != nil
            progress.condition.unlock()
            let result: Result<BlockHeader, SequencerError>? =
                failed ? nil : Result { () throws(SequencerError) -> BlockHeader in try write(parent) }
            progress.condition.lock()
            switch result {
            case .success(let header): progress.committed = header
            case .failure(let error): progress.failure = error
            case nil: break
            }
            progress.writing -= 1
            progress.condition.broadcast()
            progress.condition.unlock()
        }
    }

    /// Waits until no block is being written, and returns the last block whose state is committed.
    @discardableResult
    func wait() throws(SequencerError) -> BlockHeader {
        try withProgress(until: { $0.writing == 0 }) { $0.committed }
    }

    /// Throws the failure of a write that has ended, without waiting for one under way.
    func check() throws(SequencerError) {
        progress.condition.lock()
        defer { progress.condition.unlock() }
        if let failure = progress.failure { throw failure }
    }

    /// The last block whose state is committed, without waiting for one being written.
    var committed: BlockHeader {
        progress.condition.lock()
        defer { progress.condition.unlock() }
        return progress.committed
    }

    /// Runs `body` once `ready` holds (or a write has failed), with the condition locked; throws a failed
    /// write's error.
    private func withProgress<T>(until ready: (Progress) -> Bool, _ body: (Progress) -> T) throws(SequencerError) -> T {
        progress.condition.lock()
        defer { progress.condition.unlock() }
        while progress.failure == nil, !ready(progress) { progress.condition.wait() }
        if let failure = progress.failure { throw failure }
        return body(progress)
    }
}
