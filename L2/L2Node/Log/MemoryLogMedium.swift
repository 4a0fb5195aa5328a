import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sequencer log in memory, for tests: it tells appended bytes from synced ones, so a test can "crash"
/// (keep only the synced bytes, or any prefix of the rest), and it can hold every `sync` until released.
public final class MemoryLogMedium: SequencerLogMedium, Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var syncedCount = 0
        var syncCount = 0
        var syncsHeld = false
        var failNextSync = false
    }

    private let state = Mutex(State())

    /// An empty medium, or one holding `bytes` (all synced).
    public init(bytes: [UInt8] = []) {
        state.withLock {
            $0.bytes = bytes
            $0.syncedCount = bytes.count
        }
    }

    /// Everything appended so far.
    public var bytes: [UInt8] { state.withLock { $0.bytes } }
    /// The bytes a `sync` has made durable.
    public var syncedBytes: [UInt8] { state.withLock { Array($0.bytes[..<$0.syncedCount]) } }
    /// The number of completed `sync` calls.
    public var syncCount: Int { state.withLock { $0.syncCount } }

    /// Makes every later `sync` wait (on the writer's thread) until ``releaseSyncs()``.
    public func holdSyncs() { state.withLock { $0.syncsHeld = true } }
    /// Lets held and later syncs complete.
    public func releaseSyncs() { state.withLock { $0.syncsHeld = false } }
    /// Makes the next `sync` fail with an I/O error.
    public func failNextSync() { state.withLock { $0.failNextSync = true } }

    public func append(_ bytes: [UInt8]) throws(SequencerLogError) {
        state.withLock { $0.bytes.append(contentsOf: bytes) }
    }

    public func sync() throws(SequencerLogError) {
        while state.withLock({ $0.syncsHeld }) {
            usleep(1000)
        }
        let fail = state.withLock { state in
            if state.failNextSync {
                state.failNextSync = false
                return true
            }
            state.syncedCount = state.bytes.count
            state.syncCount += 1
            return false
        }
        if fail { throw .io(operation: "fsync", path: "memory", code: 5) }
    }

    public func readAll() throws(SequencerLogError) -> [UInt8] { bytes }

    public func truncate(to length: Int) throws(SequencerLogError) {
        state.withLock { state in
            state.bytes.removeLast(max(0, state.bytes.count - length))
            state.syncedCount = min(state.syncedCount, state.bytes.count)
        }
    }
}
