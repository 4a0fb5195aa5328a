import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A thread of its own, at a lower scheduling priority, for CPU-heavy work that must not hold a thread of
/// Swift's cooperative pool.
///
/// The batcher compresses each batch at zstd level 19 when it has no backlog: about a quarter of a second of
/// CPU per MiB (docs/performance.md). Run on the cooperative pool, that holds one of its threads, which on two
/// cores is half of what the sequencer's signature checks, execution and confirmations have; run here, the
/// kernel shares the cores, and on Linux the thread's niceness (``niceness``) gives the sequencer's threads
/// the larger share while compression takes what is left.
///
/// Jobs run one at a time, in the order given. The thread ends once the object is released and its jobs are
/// done.
final class LowPriorityThread: Sendable {
    /// The jobs waiting, under a condition the thread waits on.
    private final class Queue: @unchecked Sendable {
        // Unchecked: every field is read and written only with `condition` locked.
        let condition = NSCondition()
        var jobs: [@Sendable () -> Void] = []
        var stopped = false
    }

    private let queue = Queue()

    /// The thread's nice value on Linux (elsewhere it keeps the default priority).
    static let niceness: Int32 = 10

    /// Starts the thread.
    init() {
        let niceness = Self.niceness
        let queue = self.queue
        let thread = Thread {
            #if canImport(Glibc)
                // On Linux the nice value is per thread, and `who = 0` names the calling thread. Raising it needs
                // no privilege; a failure leaves the default priority, which is still off the pool.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            #endif
            while true {
                queue.condition.lock()
                while queue.jobs.isEmpty && !queue.stopped { queue.condition.wait() }
                guard !queue.jobs.isEmpty else {
                    queue.condition.unlock()
                    return
                }
                let job = queue.jobs.removeFirst()
                queue.condition.unlock()
                job()
            }
        }
        thread.start()
    }

    deinit {
        queue.condition.lock()
        queue.stopped = true
        queue.condition.signal()
        queue.condition.unlock()
    }

    /// Runs `body` on the thread and returns its result (or throws its error) to the caller.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.condition.lock()
            queue.jobs.append { continuation.resume(with: Result { try body() }) }
            queue.condition.signal()
            queue.condition.unlock()
        }
    }
}
