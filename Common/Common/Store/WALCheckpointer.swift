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
final class WALCheckpointer: Sendable {
    /// The writer checkpoints by itself only when the WAL holds this many pages (64 MiB of 16 KiB pages):
    /// the bound on how far this checkpointer may fall behind.
    static let backstopPages = 4096

    private let connection: DatabaseQueue
    /// Whether a checkpoint is queued and not yet started: requests in between are folded into it.
    private let queued = Mutex(false)

    /// Opens a second connection to the database at `path`, syncing as `synchronous` says.
    init(path: String, synchronous: String) throws {
        var configuration = Configuration()
        configuration.label = "state-checkpoint"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Starts a passive checkpoint in the background, unless one is already waiting to start.
    func request() {
        let alreadyQueued = queued.withLock { queued in
            defer { queued = true }
            return queued
        }
        guard !alreadyQueued else { return }
        connection.asyncWriteWithoutTransaction { [self] db in
            queued.withLock { $0 = false }
            // Passive: copies what no reader needs without waiting for anyone. A failure leaves the frames
            // in the WAL, where the next checkpoint (or the writer's backstop) finds them.
            _ = try? db.checkpoint(.passive)
        }
    }

    /// Waits for the requested checkpoints to finish (tests).
    func waitUntilIdle() {
        try? connection.writeWithoutTransaction { _ in }
    }

    /// Waits for the checkpoint in progress, if any, and closes the connection.
    func close() {
        try? connection.close()
    }
}
