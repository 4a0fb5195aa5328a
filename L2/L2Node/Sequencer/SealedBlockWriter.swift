import Foundation
import L2Runtime

/// Seals and writes each closed block on a thread of its own while the sequencer executes the next one.
///
/// A block's write is, in this order: its roots computed (they need its parent's hash, and its state root
/// goes on top of its parent's committed state), its sealed record appended to the log and synced, the block
/// stored, its state committed. The order is what makes a crash at any moment recoverable from the log: the
/// committed state never runs ahead of the block store, nor the block store ahead of the durable log.
///
/// One block at a time: the sequencer waits for the last block's write before it hands over the next. A
/// failed write is kept, and every later ``wait()``, ``check()`` and ``start(_:)`` throws it: the sequencer
/// then stops.
final class SealedBlockWriter: Sendable {
    /// What the writes report, under a condition the waiters wait on.
    private final class Progress: @unchecked Sendable {
        // Unchecked: every field is read and written only with `condition` locked.
        let condition = NSCondition()
        var writing = false
        var failure: SequencerError?
        var committed: BlockHeader

        init(committed: BlockHeader) {
            self.committed = committed
        }
    }

    private let thread = WorkerThread()
    private let progress: Progress

    /// A writer whose last committed block is `committed`.
    init(committed: BlockHeader) {
        progress = Progress(committed: committed)
    }

    /// Waits for the previous write, then starts `write` on the writer's thread and returns. `write` is given
    /// the header of the last block whose state is committed (the parent of the block it writes) and returns
    /// the header of the block whose state it committed.
    func start(_ write: @escaping @Sendable (BlockHeader) throws(SequencerError) -> BlockHeader) throws(SequencerError)
    {
        let parent = try withIdle { progress in
            progress.writing = true
            return progress.committed
        }
        let progress = self.progress
        thread.enqueue {
            let result = Result { () throws(SequencerError) -> BlockHeader in try write(parent) }
            progress.condition.lock()
            switch result {
            case .success(let header): progress.committed = header
            case .failure(let error): progress.failure = error
            }
            progress.writing = false
            progress.condition.broadcast()
            progress.condition.unlock()
        }
    }

    /// Waits until no block is being written, and returns the last block whose state is committed.
    @discardableResult
    func wait() throws(SequencerError) -> BlockHeader {
        try withIdle { $0.committed }
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

    /// Runs `body` once no write is under way, with the condition locked; throws a failed write's error.
    private func withIdle<T>(_ body: (Progress) -> T) throws(SequencerError) -> T {
        progress.condition.lock()
        defer { progress.condition.unlock() }
        while progress.writing { progress.condition.wait() }
        if let failure = progress.failure { throw failure }
        return body(progress)
    }
}
