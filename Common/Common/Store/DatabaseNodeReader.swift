import Foundation

/// Reads stored nodes from the database for the walks of a commit, which may run on several threads: one
/// read at a time.
///
/// `@unchecked Sendable`, and why that is safe: `select` is used only while holding `lock`. GRDB opens SQLite
/// connections in multi-thread mode, where a connection and its statements may be used from any thread as long
/// as no two threads use them at once; while the walks run, the connection's own queue is inside the commit
/// waiting for them and runs nothing else.
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
