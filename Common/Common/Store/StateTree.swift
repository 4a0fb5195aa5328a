import Foundation
import GRDB

/// The persistent, versioned sparse Merkle tree: the provable state of a chain, in SQLite.
///
/// Each commit writes a new version (a block height) in one transaction: the nodes it changed, keyed
/// by `(version, position)` so that every commit appends, and the values it wrote, keyed by
/// `(version, path)`. Nodes replaced by a commit are listed as stale under that version, so recent
/// versions stay readable and provable while ``prune(keepingFrom:)`` drops the older ones.
/// Hashes and proofs are those of ``SparseMerkle``, whatever this storage layout.
///
/// One writer and any number of readers may use it at once, from any threads. Reads and walks run on its
/// database queue, which serializes them. A commit's rows are written on a second connection of their own
/// (a tree in a file; in memory there is one connection), so reads go on while they are written; the commit
/// becomes the latest version only once written, so a read sees the version before it or the new one, whole.
/// The version bounds that commits move are kept under a lock. Commits and prepared commits must come from
/// one writer at a time: a prepared commit is dropped by any other commit (``prepareCommit(_:version:)``).
public final class StateTree: @unchecked Sendable {
    /// Tuning and durability.
    public struct Options: Sendable {
        /// How many stored nodes of the latest version to keep decoded in memory.
        ///
        /// A cached node costs its children (about 110 bytes each, most deep nodes hold two or three) plus,
        /// once a commit has rewritten it, its 15 inner binary hashes: about 550 bytes more. Count on up to
        /// about 1 KB per node (an estimate; docs/performance.md has the measured resident set). A commit
        /// stays within the capacity too: each subtree of the root gets a seventeenth of it (``NodeCache``).
        public var nodeCacheCapacity: Int
        /// SQLite page cache, in KiB.
        public var pageCacheKiB: Int
        /// Whether each commit is fsynced before it returns (`PRAGMA synchronous = FULL`); off
        /// (`NORMAL`: the last commits may be lost on power loss) only where the caller's own log makes
        /// the state rebuildable.
        public var durable: Bool
        /// The size the write-ahead log is kept near, in bytes: SQLite truncates it to this when it starts
        /// over, and when it holds more, the next commit waits for a checkpoint that empties it. It may
        /// exceed this by the commits made while the background checkpoint catches up.
        public var maxWALBytes: Int
        /// How many bytes of the latest version's values to keep in memory by path (``ValueCache``): a block
        /// reads the same zones, programs and accounts as the blocks before it. 0 keeps none.
        public var valueCacheBytes: Int

        /// Creates options; the defaults suit a node holding a few million keys.
        public init(
            nodeCacheCapacity: Int = 400_000, pageCacheKiB: Int = 65_536, durable: Bool = true,
            maxWALBytes: Int = 64 << 20, valueCacheBytes: Int = 32 << 20
        ) {
            self.nodeCacheCapacity = nodeCacheCapacity
            self.pageCacheKiB = pageCacheKiB
            self.durable = durable
            self.maxWALBytes = maxWALBytes
            self.valueCacheBytes = valueCacheBytes
        }
    }

    /// The SQLite page size, in bytes.
    static let pageSize = 16384

    let queue: DatabaseQueue
    /// The connection commits and prunes write on: a second one for a tree in a file, else `queue`.
    let writeQueue: DatabaseQueue
    let options: Options
    /// Checkpoints the WAL after commits; `nil` for an in-memory tree.
    let checkpointer: WALCheckpointer?
    // Unchecked Sendable: `statements` is set once, on the queue, while the tree is created; `cache` is read and
    // written on the queue only; `versions` only under `lock` (and changed on the queue only).
    private(set) var statements: Statements?
    /// The statements of `writeQueue` (the same as `statements` when it is `queue`).
    private(set) var writeStatements: Statements?
    var cache: NodeCache
    private let lock = NSLock()
    private var lockedVersions = Versions()
    /// Values of the latest version, under `lock` too (changed on the database queue only).
    private var lockedValues: ValueCache

    /// What commits move, readable from any thread.
    struct Versions {
        /// The latest committed version, its root, and the oldest version still readable.
        var latest: UInt64?
        var latestRoot: StoredChild?
        var oldest: UInt64?
        /// The prepared commit whose walk left its nodes in the cache (``prepareCommit(_:version:)``), until it
        /// is written or superseded; the token tells it from a later one.
        var outstandingPrepared: (token: UInt64, version: UInt64)?
        /// The token of the last prepared commit.
        var preparedTokens: UInt64 = 0
    }

    /// A consistent copy of the version bounds.
    var versions: Versions { lock.withLock { lockedVersions } }

    /// Changes the version bounds: on the database queue only, so that a read never sees them half moved.
    func updateVersions<T>(_ body: (inout Versions) -> T) -> T {
        lock.withLock { body(&lockedVersions) }
    }

    /// The latest committed version, or `nil` before the first commit.
    public var latestVersion: UInt64? { versions.latest }
    /// The oldest version still readable, or `nil` before the first commit.
    public var oldestVersion: UInt64? { versions.oldest }
    /// The root of the latest version.
    var latestRoot: StoredChild? { versions.latestRoot }

    /// Opens (creating if needed) the tree in the SQLite database at `path`.
    public convenience init(path: String, options: Options = Options()) throws(StateError) {
        let queue: DatabaseQueue
        let writeQueue: DatabaseQueue
        let checkpointer: WALCheckpointer
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                // Large pages suit node rows of a few hundred bytes; set before the first table exists.
                try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                // NORMAL in WAL mode may lose the last commits on power loss but never corrupts the file.
                try db.execute(sql: "PRAGMA synchronous = \(options.durable ? "FULL" : "NORMAL")")
                try db.execute(sql: "PRAGMA cache_size = -\(options.pageCacheKiB)")
                // Checkpoints run in the background (WALCheckpointer); the writer's own is a backstop.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.backstopPages)")
                // When the WAL starts over after a checkpoint, SQLite truncates the file to this size.
                try db.execute(sql: "PRAGMA journal_size_limit = \(options.maxWALBytes)")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            writeQueue = try DatabaseQueue(path: path, configuration: configuration)
            checkpointer = try WALCheckpointer(
                path: path, synchronous: options.durable ? "FULL" : "NORMAL",
                maxWALFrames: max(1, options.maxWALBytes / Self.pageSize))
        } catch {
            throw .storage("cannot open \(path): \(error)")
        }
        try self.init(queue: queue, writeQueue: writeQueue, checkpointer: checkpointer, options: options)
    }

    /// Creates a tree in a private in-memory database (tests, tools, dry runs).
    public static func inMemory(options: Options = Options()) throws(StateError) -> StateTree {
        do {
            let queue = try DatabaseQueue()
            return try StateTree(queue: queue, writeQueue: queue, checkpointer: nil, options: options)
        } catch let error as StateError {
            throw error
        } catch {
            throw .storage("cannot create an in-memory database: \(error)")
        }
    }

    private init(
        queue: DatabaseQueue, writeQueue: DatabaseQueue, checkpointer: WALCheckpointer?, options: Options
    ) throws(StateError) {
        self.queue = queue
        self.writeQueue = writeQueue
        self.checkpointer = checkpointer
        self.options = options
        self.cache = NodeCache(capacity: options.nodeCacheCapacity)
        self.lockedValues = ValueCache(capacityBytes: options.valueCacheBytes)
        do {
            try Self.migrator.migrate(queue)
        } catch {
            throw .storage("cannot set up the state tables: \(error)")
        }
        if writeQueue !== queue {
            do {
                try writeQueue.inDatabase { db in self.writeStatements = try Statements(db) }
            } catch {
                throw .storage("cannot prepare the write connection: \(error)")
            }
        }
        try database { db in
            self.statements = try Statements(db)
            if self.writeQueue === self.queue { self.writeStatements = self.statements }
            let bounds = try Row.fetchOne(db, sql: "SELECT MIN(version), MAX(version) FROM state_versions")
            let oldest: UInt64? = bounds?[0]
            let latest: UInt64? = bounds?[1]
            let root = try latest.map { try self.loadRoot(db, version: $0) } ?? nil
            self.updateVersions { $0 = Versions(latest: latest, latestRoot: root, oldest: oldest) }
        }
    }

    /// The error of the last background WAL checkpoint that failed other than by finding the database busy,
    /// or `nil`. Such a failure loses nothing (the frames stay in the WAL and the next checkpoint copies them)
    /// but, lasting, lets the WAL grow: worth reporting.
    public var lastCheckpointError: StateError? { checkpointer?.lastError }

    /// Closing waits: for the statements to be finalized on the writer's queue, then, in
    /// ``WALCheckpointer/close()``, for a background checkpoint in progress to finish (a passive
    /// checkpoint copies at most the WAL: up to ``Options/maxWALBytes`` and the commits since), so that the
    /// file can be reopened at once.
    deinit {
        // Statements must be finalized on the connection's queue before it closes.
        let statements = self.statements
        try? queue.inDatabase { _ in statements?.finalize() }
        if writeQueue !== queue {
            let writeStatements = self.writeStatements
            try? writeQueue.inDatabase { _ in writeStatements?.finalize() }
        }
        checkpointer?.close()
    }

    private static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("state-tree-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE state_nodes (key BLOB PRIMARY KEY, node BLOB NOT NULL) WITHOUT ROWID;
                    CREATE TABLE state_leaves (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                    CREATE TABLE state_versions (version INTEGER PRIMARY KEY, root_hash BLOB NOT NULL,
                                                 root BLOB NOT NULL);
                    CREATE TABLE state_stale (version INTEGER PRIMARY KEY, keys BLOB NOT NULL);
                    """)
        }
        return migrator
    }()

    /// The hot-path statements, prepared once.
    struct Statements {
        let selectNode: SQLiteStatement
        let insertNodes: BulkInsert
        let selectLeaf: SQLiteStatement
        let insertLeaves: BulkInsert
        let deleteNode: SQLiteStatement
        let deleteLeaf: SQLiteStatement

        init(_ db: Database) throws(StateError) {
            guard let connection = db.sqliteConnection else { throw .storage("the database is closed") }
            selectNode = try SQLiteStatement(connection, "SELECT node FROM state_nodes WHERE key = ?")
            insertNodes = try BulkInsert(connection, table: "state_nodes", columns: ("key", "node"))
            selectLeaf = try SQLiteStatement(connection, "SELECT value FROM state_leaves WHERE key = ?")
            insertLeaves = try BulkInsert(connection, table: "state_leaves", columns: ("key", "value"))
            deleteNode = try SQLiteStatement(connection, "DELETE FROM state_nodes WHERE key = ?")
            deleteLeaf = try SQLiteStatement(connection, "DELETE FROM state_leaves WHERE key = ?")
        }

        func finalize() {
            for statement in [selectNode, selectLeaf, deleteNode, deleteLeaf] {
                statement.finalize()
            }
            insertNodes.finalize()
            insertLeaves.finalize()
        }
    }

    /// Runs `body` on the database, turning database errors into ``StateError/storage(_:)``.
    func database<T>(_ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as StateError {
            throw error
        } catch {
            throw .storage("\(error)")
        }
    }

    /// Runs `body` in one transaction on the write connection, with its statements, turning database errors
    /// into ``StateError/storage(_:)``. Its writes are seen by reads once it returns.
    func writeTransaction<T>(_ body: (Database, Statements) throws -> T) throws(StateError) -> T {
        do {
            return try writeQueue.inDatabase { db in
                guard let statements = self.writeStatements else {
                    throw StateError.storage("the database is closed")
                }
                return try Self.inTransaction(db) { try body(db, statements) }
            }
        } catch let error as StateError {
            throw error
        } catch {
            throw .storage("\(error)")
        }
    }

    /// Runs `body` inside one transaction on `db` (on the queue already), and returns its result once committed.
    static func inTransaction<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        var result: T?
        try db.inTransaction {
            result = try body()
            return .commit
        }
        guard let result else { throw StateError.storage("a transaction ended without its result") }
        return result
    }

    // MARK: Versions and roots

    func checkReadable(_ version: UInt64, in versions: Versions) throws(StateError) {
        guard let oldest = versions.oldest, let latest = versions.latest, version >= oldest, version <= latest else {
            throw .versionUnavailable(version: version, oldest: versions.oldest, latest: versions.latest)
        }
    }

    func root(_ db: Database, version: UInt64?) throws -> StoredChild? {
        let versions = self.versions
        guard let version, version != versions.latest else { return versions.latestRoot }
        try checkReadable(version, in: versions)
        return try loadRoot(db, version: version)
    }

    private func loadRoot(_ db: Database, version: UInt64) throws -> StoredChild? {
        guard
            let bytes = try Data.fetchOne(
                db, sql: "SELECT root FROM state_versions WHERE version = ?",
                arguments: [version])
        else {
            throw StateError.versionUnavailable(version: version, oldest: oldestVersion, latest: latestVersion)
        }
        return try Self.decodeRoot(Array(bytes))
    }

    /// The root hash at `version` (the latest by default); ``Hash/zero`` for an empty tree.
    public func rootHash(at version: UInt64? = nil) throws(StateError) -> Hash {
        try database { db in try self.root(db, version: version)?.hash ?? .zero }
    }

    // MARK: Reads

    /// The stored node at `position` written at `version`.
    func node(_ db: Database, at position: NodePosition, version: UInt64) throws -> StoredNode {
        if let cached = cache.node(at: position, version: version) { return cached }
        guard let statements else { throw StateError.storage("the database is closed") }
        let node = try Self.decodeNode(
            try statements.selectNode.run(position.storageKey(version: version)), at: position, version: version)
        cache.remember(node, at: position, version: version)
        return node
    }

    /// The node stored as `bytes` (`nil`: no row) at `position` and `version`.
    static func decodeNode(_ bytes: [UInt8]?, at position: NodePosition, version: UInt64) throws(StateError)
        -> StoredNode
    {
        guard let bytes else {
            throw .corruptStore("missing node at depth \(position.depth), version \(version)")
        }
        do {
            return try StoredNode(encoded: bytes)
        } catch {
            throw .corruptStore("node at depth \(position.depth), version \(version): \(error)")
        }
    }

    func leafValue(_ leaf: StoredLeaf) throws -> [UInt8] {
        guard let statements,
            let value = try statements.selectLeaf.run(leafStorageKey(path: leaf.path, version: leaf.version))
        else {
            throw StateError.corruptStore("missing value of \(leaf.path) at version \(leaf.version)")
        }
        return value
    }

    /// The value at `path` in `version` (the latest by default), or `nil`.
    public func value(at path: Hash, version: UInt64? = nil) throws(StateError) -> [UInt8]? {
        let cached: [UInt8]?? = lock.withLock {
            guard let latest = lockedVersions.latest, let oldest = lockedVersions.oldest else { return nil }
            let wanted = version ?? latest
            guard wanted >= oldest, wanted <= latest else { return nil }
            return lockedValues.value(at: path, version: wanted)
        }
        if let cached { return cached }
        return try database { db in
            let leaf = try self.leaf(db, at: path, version: version)
            let value = try leaf.map { try self.leafValue($0) }
            // Only what the latest version holds is known to hold up to it. (On the queue: it cannot move.)
            if let latest = self.latestVersion, version == nil || version == latest {
                self.lock.withLock { self.lockedValues.remember(value, at: path, since: leaf?.version ?? latest) }
            }
            return value
        }
    }

    /// The value at `key` in `version` (the latest by default), or `nil`.
    public func value(_ key: StateKey, version: UInt64? = nil) throws(StateError) -> [UInt8]? {
        try value(at: key.path, version: version)
    }

    /// The leaf holding `path` in `version`, or `nil`.
    func leaf(_ db: Database, at path: Hash, version: UInt64?) throws -> StoredLeaf? {
        var child = try root(db, version: version)
        var position = NodePosition.root
        while let current = child {
            switch current {
            case .leaf(let leaf):
                return leaf.path == path ? leaf : nil
            case .node(_, let nodeVersion):
                let node = try node(db, at: position, version: nodeVersion)
                let nibble = path.nibble(position.depth)
                child = node[nibble]
                position = position.child(nibble)
            }
        }
        return nil
    }

    // MARK: Root encoding

    /// `0` empty; `1 || path || valueHash || varint(version)` a lone leaf; `2 || hash || varint(version)`
    /// a root node.
    static func encodeRoot(_ root: StoredChild?) -> [UInt8] {
        var writer = ByteWriter()
        switch root {
        case nil: writer.write(UInt8(0))
        case .leaf(let leaf)?:
            writer.write(UInt8(1))
            writer.write(leaf.path)
            writer.write(leaf.valueHash)
            writer.writeVarint(leaf.version)
        case .node(let hash, let version)?:
            writer.write(UInt8(2))
            writer.write(hash)
            writer.writeVarint(version)
        }
        return writer.bytes
    }

    static func decodeRoot(_ bytes: [UInt8]) throws(StateError) -> StoredChild? {
        do {
            var reader = ByteReader(bytes)
            let root: StoredChild?
            switch try reader.readUInt8("root tag") {
            case 0: root = nil
            case 1:
                root = .leaf(
                    StoredLeaf(
                        path: try reader.readHash(), valueHash: try reader.readHash(),
                        version: try reader.readVarint()))
            case 2: root = .node(hash: try reader.readHash(), version: try reader.readVarint())
            case let tag: throw CodecError.unknownTag(what: "root", offset: 0, tag: UInt64(tag))
            }
            try reader.expectEnd()
            return root
        } catch {
            throw .corruptStore("root record: \(error)")
        }
    }

    func setLatest(version: UInt64, root: StoredChild?, writes: SortedWrites) {
        lock.withLock {
            lockedVersions.latest = version
            lockedVersions.latestRoot = root
            if lockedVersions.oldest == nil { lockedVersions.oldest = version }
            lockedValues.apply(writes, version: version)
        }
    }

    func setOldest(_ version: UInt64) { updateVersions { $0.oldest = version } }
}
