import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A thread of its own for work that must not hold a thread of Swift's cooperative pool: CPU-heavy jobs, or
/// jobs that wait on the disk. Jobs run one at a time, in the order given. The thread ends once the object is
/// released and its jobs are done.
///
/// The batcher, at a lower priority (``lowPriority``), aggregates, compresses (zstd level 19 when it has no
/// backlog, about a quarter of a second of CPU per MiB, docs/performance.md) and checks each batch on one, and
/// writes its progress file there; the kernel shares the cores, and the niceness gives the sequencer's threads
/// the larger share. A low-priority job must take no lock the sequencer's threads share: preempted while
/// holding it, it would stall them. The sequencer writes each sealed block on one (``SealedBlockWriter``)
/// while it executes the next, and the file batch sink writes its files on one.
final class WorkerThread: Sendable {
    /// The jobs waiting, under a condition the thread waits on.
    private final class Queue: @unchecked Sendable {
        // Unchecked: every field is read and written only with `condition` locked.
        let condition = NSCondition()
        var jobs: [@Sendable () -> Void] = []
        var stopped = false
    }

    private let queue = Queue()

    /// The nice value of the batcher's thread on Linux.
    static let lowPriority: Int32 = 10

    /// Starts the thread, on Linux at nice value `niceness` if given (elsewhere at the default priority).
    init(niceness: Int32? = nil) {
        let queue = self.queue
        let thread = Thread {
            #if canImport(Glibc)
                // On Linux the nice value is per thread, and `who = 0` names the calling thread. Raising it needs
                // no privilege; a failure leaves the default priority, which is still off the pool.
                if let niceness { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
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

    /// Queues `job` to run on the thread after the jobs queued before it, and returns at once.
    func enqueue(_ job: @escaping @Sendable () -> Void) {
        queue.condition.lock()
        queue.jobs.append(job)
        queue.condition.signal()
        queue.condition.unlock()
    }

    /// Runs `body` on the thread and returns its result (or throws its error) to the caller.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try body() }) }
        }
    }
}
