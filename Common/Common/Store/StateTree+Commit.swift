import Foundation
import GRDB

/// One write of a commit: a value, or a deletion (`nil`).
public struct StateWrite: Sendable {
    /// The path written.
    public var path: Hash
    /// The new value, or `nil` to delete.
    public var value: [UInt8]?

    /// Creates a write.
    public init(path: Hash, value: [UInt8]?) {
        self.path = path
        self.value = value
    }
}

extension StateTree {
    /// Applies `writes` to the latest version and commits the result as `version`; returns its root.
    ///
    /// The writes may come in any order; a path written twice keeps its last write. Everything is
    /// written in one SQLite transaction, fsynced before this returns when the tree is durable.
    @discardableResult
    public func commit(_ writes: [StateWrite], version: UInt64) throws(StateError) -> Hash {
        let prepared = try prepareCommit(writes, version: version)
        do {
            return try commit(prepared)
        } catch {
            // The walk left the new nodes in the cache: forget the nodes of a version that does not exist.
            try? database { _ in self.dropOutstandingPrepared() }
            throw error
        }
    }

    /// The root the latest version would have with `writes` applied, computed without writing.
    public func rootApplying(_ writes: [StateWrite]) throws(StateError) -> Hash {
        let sorted = try Self.normalize(writes)
        let version = (latestVersion ?? 0) &+ 1
        return try database { _ in try self.updateRoot(sorted, version: version, inPlace: false).root }?.hash ?? .zero
    }

    /// A commit of `writes` as `version` on top of the latest version, computed but not written: its root is
    /// known now, and ``commit(_:)`` writes it later without walking the tree again.
    ///
    /// This is how a block's state root goes into its header before the block is stored, and the state is
    /// committed after it, for the cost of one walk. The walk is a commit's own (in place in the node cache),
    /// so the cache holds the new version's nodes from now on, under a version not yet written: reads of the
    /// latest version still see only its own nodes (the cache answers a lookup for its exact version only).
    /// Until it is written, the prepared commit is the tree's outstanding one; any other commit or prepared
    /// commit first drops its nodes from the cache, and it can then no longer be written.
    public func prepareCommit(_ writes: [StateWrite], version: UInt64) throws(StateError) -> PreparedCommit {
        let sorted = try Self.normalize(writes)
        return try database { _ in
            try self.checkNext(version)
            self.dropOutstandingPrepared()
            // A failed walk leaves the cache with nodes of existing versions only (``updateRoot``).
            let walk = try self.updateRoot(sorted, version: version, inPlace: true)
            let base = self.updateVersions { versions in
                versions.preparedTokens &+= 1
                versions.outstandingPrepared = (versions.preparedTokens, version)
                return versions
            }
            return PreparedCommit(
                baseVersion: base.latest, version: version, tree: ObjectIdentifier(self), token: base.preparedTokens,
                baseRoot: base.latestRoot, writes: sorted, root: walk.root, changes: walk.changes)
        }
    }

    /// Writes a prepared commit as its version and returns its root, exactly as ``commit(_:version:)`` would have
    /// with the same writes, provided it was prepared by this tree, is still its outstanding one, and the tree
    /// has not moved since (else it throws ``StateError/storage(_:)`` and writes nothing). A write that fails
    /// leaves it outstanding, to be retried.
    @discardableResult
    public func commit(_ prepared: PreparedCommit) throws(StateError) -> Hash {
        guard prepared.tree == ObjectIdentifier(self) else {
            throw .storage("a commit prepared by another state tree cannot be written on this one")
        }
        guard isWritable(prepared) else {
            throw .storage(
                "the commit prepared on version \(prepared.baseVersion.map(String.init) ?? "none") was superseded "
                    + "(the tree is at version \(latestVersion.map(String.init) ?? "none"))")
        }
        // Outstanding on the latest version, so its version passed `checkNext` against this one when prepared.
        // Written on the write connection: reads of the latest version go on meanwhile.
        try writeTransaction { db, statements in
            try self.write(
                db, statements, version: prepared.version, prepared.changes, prepared.writes, root: prepared.root)
        }
        // Then, on the read queue (so that no read sees half of it), the written version becomes the latest.
        try database { _ in
            self.updateVersions { $0.outstandingPrepared = nil }
            self.makeLatest(version: prepared.version, root: prepared.root, writes: prepared.writes)
        }
        keepWALBounded()
        return prepared.rootHash
    }

    /// Whether ``commit(_:)`` would write `prepared`: this tree's outstanding prepared commit, on its latest
    /// version.
    public func isWritable(_ prepared: PreparedCommit) -> Bool {
        let versions = self.versions
        return prepared.tree == ObjectIdentifier(self) && prepared.baseVersion == versions.latest
            && prepared.baseRoot == versions.latestRoot && versions.outstandingPrepared?.token == prepared.token
    }

    /// Forgets the nodes an outstanding prepared commit left in the cache: they belong to a version that is
    /// not written and may never be, with these contents. On the database queue.
    private func dropOutstandingPrepared() {
        guard let outstanding = versions.outstandingPrepared else { return }
        cache.forgetVersions(from: outstanding.version)
        updateVersions { $0.outstandingPrepared = nil }
    }

    /// Throws unless `version` may be the next one committed.
    private func checkNext(_ version: UInt64) throws(StateError) {
        let versions = self.versions
        if let latest = versions.latest, version <= latest {
            throw .versionNotIncreasing(version: version, latest: latest)
        }
        // SQLite integers are signed 64-bit.
        guard version <= UInt64(Int64.max) else {
            throw .versionUnavailable(version: version, oldest: versions.oldest, latest: versions.latest)
        }
    }

    /// What follows every written commit on the database queue, before any read can come: the node cache
    /// within its capacity, the new latest with its written values.
    private func makeLatest(version: UInt64, root: StoredChild?, writes: SortedWrites) {
        cache.evictIfFull()
        setLatest(version: version, root: root, writes: writes)
    }

    /// What follows every written commit off the queue: should the background checkpoints have fallen behind,
    /// a wait for one that empties the WAL, which keeps it bounded; then the next checkpoint asked for.
    private func keepWALBounded() {
        checkpointer?.truncateIfBehind()
        checkpointer?.request()
    }

    /// The writes of a commit sorted by path, one per path, as two parallel arrays: the walk reads the paths
    /// far more often than the values.
    struct SortedWrites: Sendable {
        var paths: [Hash] = []
        var values: [[UInt8]?] = []

        var count: Int { paths.count }
    }

    /// Sorts by path, keeping the last write of each path, and checks value sizes.
    static func normalize(_ writes: [StateWrite]) throws(StateError) -> SortedWrites {
        for write in writes {
            if let value = write.value, value.count > SparseMerkle.maxValueBytes {
                throw .valueTooLarge(bytes: value.count, cap: SparseMerkle.maxValueBytes)
            }
        }
        // Sort plain (path, position) keys: comparing the writes themselves would retain and release their
        // values at every comparison. The position breaks ties, so the last write of a path sorts last.
        let order = writes.indices.map { (path: writes[$0].path, index: $0) }.sorted {
            ($0.path, $0.index) < ($1.path, $1.index)
        }
        var sorted = SortedWrites()
        sorted.paths.reserveCapacity(writes.count)
        sorted.values.reserveCapacity(writes.count)
        for (i, (path, index)) in order.enumerated() {
            if i > 0 && order[i - 1].path == path {
                sorted.values[sorted.count - 1] = writes[index].value
            } else {
                sorted.paths.append(path)
                sorted.values.append(writes[index].value)
            }
        }
        return sorted
    }

    /// Writes `changes` (in order: their node rows are each in key order within a depth) as one version.
    private func write(
        _ db: Database, _ statements: Statements, version: UInt64, _ changes: [Changes], _ writes: SortedWrites,
        root: StoredChild?
    ) throws {
        // Keys start with the depth: all rows of one depth, left to right, then the next depth.
        var nodeRows: [RowBuffer] = []
        for depth in 0..<(changes.map(\.nodeRows.count).max() ?? 0) {
            for part in changes where depth < part.nodeRows.count { nodeRows.append(part.nodeRows[depth]) }
        }
        try statements.insertNodes.insert(nodeRows)
        let leafRows = Self.leafRows(writes, version: version)
        let newLeaves = changes.reduce(0) { $0 + $1.newLeaves }
        guard leafRows.count == newLeaves else {
            // An invariant of the walk, checked because a miss would store leaves without values.
            throw StateError.storage(
                "commit aborted: the walk made \(newLeaves) leaves for \(leafRows.count) values (a bug)")
        }
        try statements.insertLeaves.insert([leafRows])
        try db.execute(
            sql: "INSERT INTO state_versions (version, root_hash, root) VALUES (?, ?, ?)",
            arguments: [version, Data((root?.hash ?? .zero).bytes), Data(Self.encodeRoot(root))])
        let stale = changes.reduce(into: Data()) { $0.append(contentsOf: $1.stale) }
        if !stale.isEmpty {
            try db.execute(sql: "INSERT INTO state_stale (version, keys) VALUES (?, ?)", arguments: [version, stale])
        }
    }

    /// The value rows of a commit, in key order: every write of a value (sorted, unique) makes a new leaf.
    static func leafRows(_ writes: SortedWrites, version: UInt64) -> RowBuffer {
        var rows = RowBuffer()
        for (path, value) in zip(writes.paths, writes.values) {
            guard let value else { continue }
            rows.append(
                key: { appendLeafStorageKey(path: path, version: version, to: &$0) },
                value: { $0.append(contentsOf: value) })
        }
        return rows
    }

    /// Deletes every version older than `version`, and the nodes and values only they reached.
    /// Versions from `version` on stay readable and provable.
    public func prune(keepingFrom version: UInt64) throws(StateError) {
        guard let oldest = oldestVersion, let latest = latestVersion, version > oldest else { return }
        guard version <= latest else {
            throw .versionUnavailable(version: version, oldest: oldestVersion, latest: latestVersion)
        }
        // Keep from the newest committed version at or below `version`, so the oldest kept one exists.
        let keep: UInt64 =
            try database { db in
                try UInt64.fetchOne(
                    db, sql: "SELECT MAX(version) FROM state_versions WHERE version <= ?", arguments: [version])
            } ?? oldest
        guard keep > oldest else { return }
        let version = keep
        // First the new oldest, on the read queue: it waits for the reads under way, and later reads of the
        // versions about to go are refused as unavailable rather than finding rows half deleted.
        try database { _ in self.setOldest(version) }
        try writeTransaction { db, statements in
            // A record made stale at version s is reachable only from versions below s.
            let rows = try Row.fetchAll(
                db, sql: "SELECT version, keys FROM state_stale WHERE version <= ?", arguments: [version])
            for row in rows {
                let blob: Data = row[1]
                var reader = ByteReader(Array(blob))
                while !reader.isAtEnd {
                    let entry: [UInt8]
                    do {
                        entry = try reader.readBytes(cap: 64, "stale key")
                    } catch {
                        throw StateError.corruptStore("stale list of version \(row[0] as Int64): \(error)")
                    }
                    guard let kind = entry.first else { throw StateError.corruptStore("empty stale key") }
                    let key = Array(entry.dropFirst())
                    try (kind == 0 ? statements.deleteNode : statements.deleteLeaf).run(key)
                }
            }
            try db.execute(sql: "DELETE FROM state_stale WHERE version <= ?", arguments: [version])
            try db.execute(sql: "DELETE FROM state_versions WHERE version < ?", arguments: [version])
        }
        checkpointer?.request()
    }
}

/// A commit computed by ``StateTree/prepareCommit(_:version:)`` and not yet written: its root and the rows to
/// write.
public struct PreparedCommit: Sendable {
    /// The version the commit was computed on, which must still be the latest when it is written.
    public let baseVersion: UInt64?
    /// The version it commits as.
    public let version: UInt64
    /// The tree that prepared it, which of its prepared commits it is, and the root it was prepared on.
    let tree: ObjectIdentifier
    let token: UInt64
    let baseRoot: StoredChild?
    let writes: StateTree.SortedWrites
    let root: StoredChild?
    let changes: [StateTree.Changes]

    /// The root the version will have.
    public var rootHash: Hash { root?.hash ?? .zero }
}
