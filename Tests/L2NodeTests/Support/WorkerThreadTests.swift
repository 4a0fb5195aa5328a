import Foundation
import Synchronization
import Testing

@testable import L2Node

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Worker threads: jobs off the cooperative pool, one at a time, at a lower priority if asked")
struct WorkerThreadTests {
    struct JobError: Error, Equatable {}

    /// How many jobs run at once now, and the most seen.
    final class Activity: Sendable {
        let counts = Mutex((now: 0, most: 0))
    }

    @Test("jobs run one at a time and return or throw to the caller")
    func oneAtATime() async throws {
        let thread = WorkerThread()
        let active = Activity()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for job in 0..<8 {
                group.addTask {
                    try await thread.run {
                        active.counts.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        Thread.sleep(forTimeInterval: 0.005)
                        active.counts.withLock { $0.now -= 1 }
                        return job
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<8))
        #expect(active.counts.withLock { $0.most } == 1)
        await #expect(throws: JobError()) { try await thread.run { () throws -> Int in throw JobError() } }
        #expect(try await thread.run { 7 } == 7, "a job that threw leaves the thread running")
    }

    #if canImport(Glibc)
        @Test("on Linux a low-priority thread's jobs run at niceness 10, and the caller's priority is unchanged")
        func niceness() async throws {
            let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            let thread = WorkerThread(niceness: WorkerThread.lowPriority)
            let inside = try await thread.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
            #expect(inside == max(before, 10))
            #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
        }
    #endif
}
