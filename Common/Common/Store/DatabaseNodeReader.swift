import Foundation

/// Reads stored nodes from the database for the walks of a commit, which may run on several threads: one
/// read at a time.
///
/// `@unchecked Sendable`, and why that is safe. It rests on three assumptions about the writer's connection:
/// - GRDB opens it with `SQLITE_OPEN_NOMUTEX` (multi-thread mode): SQLite does not lock the connection itself,
///   and a connection and its statements may be used from any thread as long as no two threads use them at
///   once. `select` is used only while holding `lock`, so the walks take turns.
/// - The connection's own queue uses it for nothing else meanwhile: the reader lives only inside
///   ``StateTree/updateRoot(_:version:inPlace:)``, which runs on that queue and parks its thread until every walk
///   has returned.
/// - No GRDB callback runs during a read: the tree installs no transaction observer, trace, progress handler or
///   SQL function on that connection, and a `SELECT`, prepared beforehand, inside the commit's own write
///   transaction, fires none of the hooks GRDB does install and waits for no lock. Adding such hooks or
///   functions to the tree's connection would break this: they would run on worker threads, outside GRDB's
///   queue.
final class DatabaseNodeReader: @unchecked Sendable {
    private let select: SQLiteStatement
    private let lock = NSLock()

    init(select: SQLiteStatement) {
        self.select = select
    }

    /// The node at `position` written at `version`.
    func node(at position: NodePosition, version: UInt64) throws(StateError) -> StoredNode {
        let key = position.storageKey(version: version)
        lock.lock()
        let bytes = Result { () throws(StateError) in try select.run(key) }
        lock.unlock()
        return try StateTree.decodeNode(bytes.get(), at: position, version: version)
    }
}
