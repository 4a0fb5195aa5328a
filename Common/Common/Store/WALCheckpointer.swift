import GRDB
import Synchronization

/// Copies committed WAL frames back into the database file on its own connection and thread, so that a
/// commit does not pay for the checkpoint of the commits before it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: with commits of
/// about 10 MB it ran every other block and doubled that block's time. Here the writer's automatic
/// checkpoint is only a backstop (``backstopPages``) and a passive checkpoint is requested after each
/// commit. Durability is unchanged: a commit is durable once its WAL frames are synced, whenever they are
/// copied; a checkpoint syncs the WAL before copying and the database file before the WAL is reused.
///
/// The WAL file is bounded: SQLite truncates it to `journal_size_limit` when it starts over, and when a
/// passive checkpoint reports more than ``maxWALFrames`` frames in the WAL (passive checkpoints falling
/// behind the commits, or a reader pinning old frames), the writer waits for a truncating checkpoint
/// between two commits (``truncateIfBehind()``).
final class WALCheckpointer: Sendable {
    /// The writer checkpoints by itself only when the WAL holds this many pages (64 MiB of 16 KiB pages):
    /// a backstop should this checkpointer stop running.
    static let backstopPages = 4096

    private let connection: DatabaseQueue
    /// The number of WAL frames above which the writer waits for a truncating checkpoint.
    let maxWALFrames: Int

    private struct State {
        /// Whether a checkpoint is queued and not yet started: requests in between are folded into it.
        var queued = false
        /// The frames in the WAL as the last checkpoint found them.
        var walFrames = 0
        var failures = 0
        var lastError: StateError?
        var truncations = 0
    }

    private let state = Mutex(State())

    /// Opens a second connection to the database at `path`, syncing as `synchronous` says; the writer waits for
    /// a truncating checkpoint when the WAL holds more than `maxWALFrames` frames.
    init(path: String, synchronous: String, maxWALFrames: Int) throws {
        var configuration = Configuration()
        configuration.label = "state-checkpoint"
        // A truncating checkpoint waits for readers of an older snapshot to finish (readers run on other threads
        // while the writer commits); a passive one never waits.
        configuration.busyMode = .timeout(0.5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.maxWALFrames = maxWALFrames
    }

    /// Starts a passive checkpoint in the background, unless one is already waiting to start.
    func request() {
        let alreadyQueued = state.withLock { state in
            defer { state.queued = true }
            return state.queued
        }
        guard !alreadyQueued else { return }
        connection.asyncWriteWithoutTransaction { [self] db in
            state.withLock { $0.queued = false }
            // Passive: copies what no reader needs without waiting for anyone. A failure leaves the frames
            // in the WAL, where the next checkpoint (or the writer's backstop) finds them.
            checkpoint(db, .passive)
        }
    }

    /// If the last checkpoint found more than ``maxWALFrames`` frames in the WAL, runs a truncating checkpoint
    /// and waits for it: call between commits, on the writer's thread, so that no write competes with it.
    func truncateIfBehind() {
        guard state.withLock({ $0.walFrames > maxWALFrames }) else { return }
        // On this connection's queue, after any passive checkpoint queued before it.
        try? connection.writeWithoutTransaction { db in
            if checkpoint(db, .truncate) { state.withLock { $0.truncations += 1 } }
        }
    }

    /// Runs a checkpoint, records the frames left in the WAL, and whether it failed; returns whether it
    /// completed.
    @discardableResult
    private func checkpoint(_ db: Database, _ mode: Database.CheckpointMode) -> Bool {
        do {
            let (walFrames, _) = try db.checkpoint(mode)
            // A truncating checkpoint empties the WAL (and reports the frames it had).
            state.withLock { $0.walFrames = mode == .truncate ? 0 : walFrames }
            return true
        } catch {
            record(error)
            return false
        }
    }

    /// Records a failed checkpoint: busy or locked (another connection in the way) is expected and retried by
    /// the next checkpoint; anything else is kept in ``lastError`` and counted in ``failures``.
    func record(_ error: any Error) {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return
        }
        state.withLock { state in
            state.failures += 1
            state.lastError = .storage("WAL checkpoint failed: \(error)")
        }
    }

    /// The error of the last checkpoint that failed other than by finding the database busy or locked.
    var lastError: StateError? { state.withLock { $0.lastError } }
    /// How many checkpoints failed other than by finding the database busy or locked.
    var failures: Int { state.withLock { $0.failures } }
    /// How many truncating checkpoints the writer waited for.
    var truncations: Int { state.withLock { $0.truncations } }

    /// Waits for the requested checkpoints to finish (tests).
    func waitUntilIdle() {
        try? connection.writeWithoutTransaction { _ in }
    }

    /// Waits for the checkpoint in progress, if any, and closes the connection.
    func close() {
        try? connection.close()
    }
}
