import Foundation

/// Reads stored nodes for the workers of a parallel commit: from a snapshot of the node cache, else from the
/// database, one worker at a time.
///
/// `@unchecked Sendable`, and why that is safe: `cache` is an immutable copy, and `select` is used only while
/// holding `lock`. GRDB opens SQLite connections in multi-thread mode, where a connection and its statements
/// may be used from any thread as long as no two threads use them at once; while the workers run, the
/// connection's own queue is inside the commit waiting for them and runs nothing else.
final class ConcurrentNodeReader: @unchecked Sendable {
    private let cache: [NodePosition: (version: UInt64, node: StoredNode)]
    private let select: SQLiteStatement
    private let lock = NSLock()

    init(cache: [NodePosition: (version: UInt64, node: StoredNode)], select: SQLiteStatement) {
        self.cache = cache
        self.select = select
    }

    /// The node at `position` written at `version`.
    func node(at position: NodePosition, version: UInt64) throws(StateError) -> StoredNode {
        if let cached = cache[position], cached.version == version { return cached.node }
        let key = position.storageKey(version: version)
        lock.lock()
        let bytes = Result { () throws(StateError) in try select.run(key) }
        lock.unlock()
        return try StateTree.decodeNode(bytes.get(), at: position, version: version)
    }
}
