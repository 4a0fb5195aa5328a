import Dispatch
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
    /// What one commit changes, gathered while the tree is walked and written afterwards.
    struct Changes {
        let version: UInt64
        /// The new nodes, for the node cache.
        var nodes: [(NodePosition, StoredNode)] = []
        /// The new nodes' rows, one buffer per depth. A walk makes the nodes of one depth in prefix order, so
        /// each buffer is in key order, and so are the buffers one after the other (keys start with the depth).
        var nodeRows: [RowBuffer] = []
        /// Keys made stale by this version: `0 || node key` or `1 || leaf key`, each length-prefixed.
        var stale: [UInt8] = []
        /// The number of new leaves, one per write of a value: their rows come from the writes.
        var newLeaves = 0

        init(version: UInt64) {
            self.version = version
        }

        mutating func staleNode(_ position: NodePosition, version: UInt64) {
            // Keys are at most 41 bytes: the length prefix is one varint byte.
            stale.append(UInt8(1 + 9 + (position.depth + 1) / 2))
            stale.append(0)
            position.appendStorageKey(version: version, to: &stale)
        }

        mutating func staleLeaf(_ leaf: StoredLeaf) {
            stale.append(1 + 40)
            stale.append(1)
            appendLeafStorageKey(path: leaf.path, version: leaf.version, to: &stale)
        }

        /// Records `node` as written at `position` in this version and returns the child pointing to it.
        mutating func newNode(_ node: StoredNode, at position: NodePosition) -> StoredChild {
            var node = node
            let hash = node.rehash()
            nodes.append((position, node))
            while nodeRows.count <= position.depth { nodeRows.append(RowBuffer()) }
            let version = self.version
            nodeRows[position.depth].append(
                key: { position.appendStorageKey(version: version, to: &$0) }, value: { node.encode(into: &$0) })
            return .node(hash: hash, version: version)
        }

        /// The leaf for a new value (its row is written from the commit's writes, see ``leafRows``).
        mutating func newLeaf(path: Hash, value: [UInt8]) -> StoredChild {
            newLeaves += 1
            return .leaf(StoredLeaf(path: path, valueHash: SparseMerkle.valueHash(value), version: version))
        }

        /// Appends the changes of a subtree to the right of those gathered so far.
        mutating func merge(_ other: Changes) {
            nodes += other.nodes
            while nodeRows.count < other.nodeRows.count { nodeRows.append(RowBuffer()) }
            for (depth, rows) in other.nodeRows.enumerated() { nodeRows[depth].append(contentsOf: rows) }
            stale += other.stale
            newLeaves += other.newLeaves
        }
    }

    /// Applies `writes` to the latest version and commits the result as `version`; returns its root.
    ///
    /// The writes may come in any order; a path written twice keeps its last write. Everything is
    /// written in one SQLite transaction, fsynced before this returns when the tree is durable.
    @discardableResult
    public func commit(_ writes: [StateWrite], version: UInt64) throws(StateError) -> Hash {
        if let latest = latestVersion, version <= latest {
            throw .versionNotIncreasing(version: version, latest: latest)
        }
        // SQLite integers are signed 64-bit.
        guard version <= UInt64(Int64.max) else {
            throw .versionUnavailable(version: version, oldest: oldestVersion, latest: latestVersion)
        }
        let sorted = try Self.normalize(writes)
        var changes = Changes(version: version)
        let newRoot = try transaction { db in
            let newRoot = try self.updateRoot(db, sorted, &changes)
            try self.write(db, changes, sorted, root: newRoot)
            return newRoot
        }
        checkpointer?.request()
        for (position, node) in changes.nodes { remember(node, at: position, version) }
        setLatest(version: version, root: newRoot)
        return newRoot?.hash ?? .zero
    }

    /// The root the latest version would have with `writes` applied, computed without writing.
    public func rootApplying(_ writes: [StateWrite]) throws(StateError) -> Hash {
        let sorted = try Self.normalize(writes)
        var changes = Changes(version: (latestVersion ?? 0) &+ 1)
        return try database { db in try self.updateRoot(db, sorted, &changes) }?.hash ?? .zero
    }

    /// Sorts by path, keeping the last write of each path, and checks value sizes.
    static func normalize(_ writes: [StateWrite]) throws(StateError) -> [StateWrite] {
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
        var sorted: [StateWrite] = []
        sorted.reserveCapacity(writes.count)
        for (i, (path, index)) in order.enumerated() {
            if i > 0 && order[i - 1].path == path {
                sorted[sorted.count - 1] = writes[index]
            } else {
                sorted.append(writes[index])
            }
        }
        return sorted
    }

    /// Reads a stored node by position and version.
    typealias NodeLoader = (NodePosition, UInt64) throws -> StoredNode

    /// The latest root with `writes` (sorted, unique) applied. Large commits update the root's sixteen
    /// subtrees on all cores, reading nodes through a ``ConcurrentNodeReader``.
    private func updateRoot(_ db: Database, _ writes: [StateWrite], _ changes: inout Changes) throws -> StoredChild? {
        guard writes.count >= Self.parallelThreshold, ProcessInfo.processInfo.activeProcessorCount > 1,
            let statements
        else {
            return try Self.update(
                { try self.node(db, at: $0, version: $1) }, latestRoot, at: .root, writes[...], &changes)
        }
        let reader = ConcurrentNodeReader(cache: cache, select: statements.selectNode)
        let loader: @Sendable (NodePosition, UInt64) throws -> StoredNode = { try reader.node(at: $0, version: $1) }
        var (root, stored) = try Self.expand(loader, latestRoot, at: .root)
        let groups = Array(NibbleGroups(writes[...], depth: 0))
        let children = root
        var results = [Result<(StoredChild?, Changes), Error>?](repeating: nil, count: groups.count)
        let version = changes.version
        results.withUnsafeMutableBufferPointer { output in
            let output = UnsafeSendable(output)
            DispatchQueue.concurrentPerform(iterations: groups.count) { g in
                let (nibble, range) = groups[g]
                output.value[g] = Result {
                    var local = Changes(version: version)
                    let child = try Self.update(
                        loader, children[nibble], at: NodePosition.root.child(nibble), writes[range], &local)
                    return (child, local)
                }
            }
        }
        var changed = false
        for (g, result) in results.enumerated() {
            guard let (child, local) = try result?.get() else {
                throw StateError.storage("a subtree update did not run")
            }
            let nibble = groups[g].nibble
            if child != root[nibble] {
                root[nibble] = child
                changed = true
            }
            changes.merge(local)
        }
        return Self.finish(latestRoot, root, stored: stored, changed: changed, at: .root, &changes)
    }

    /// Below this many writes a commit runs on one core (threads cost more than they save).
    static let parallelThreshold = 2048

    /// The writes split by their nibble at `depth`: being sorted, they form one range per nibble.
    struct NibbleGroups: Sequence, IteratorProtocol {
        private let writes: ArraySlice<StateWrite>
        private let depth: Int
        private var start: Int

        init(_ writes: ArraySlice<StateWrite>, depth: Int) {
            self.writes = writes
            self.depth = depth
            self.start = writes.startIndex
        }

        mutating func next() -> (nibble: Int, range: Range<Int>)? {
            guard start < writes.endIndex else { return nil }
            let nibble = writes[start].path.nibble(depth)
            var end = start + 1
            while end < writes.endIndex && writes[end].path.nibble(depth) == nibble { end += 1 }
            defer { start = end }
            return (nibble, start..<end)
        }
    }

    /// The subtree at `position` (currently `child`) with `writes` applied, all of whose paths lie below
    /// `position`. Returns the new child; records new and stale records in `changes`.
    static func update(
        _ load: NodeLoader, _ child: StoredChild?, at position: NodePosition, _ writes: ArraySlice<StateWrite>,
        _ changes: inout Changes
    ) throws -> StoredChild? {
        // A single write landing on an empty slot or on its own leaf: no node needed.
        if writes.count == 1, let write = writes.first {
            switch child {
            case nil:
                return write.value.map { changes.newLeaf(path: write.path, value: $0) }
            case .leaf(let leaf)? where leaf.path == write.path:
                changes.staleLeaf(leaf)
                return write.value.map { changes.newLeaf(path: write.path, value: $0) }
            default: break
            }
        }
        var (node, stored) = try expand(load, child, at: position)
        var changed = false
        for (nibble, range) in NibbleGroups(writes, depth: position.depth) {
            let old = node[nibble]
            let new = try update(load, old, at: position.child(nibble), writes[range], &changes)
            if new != old {
                node[nibble] = new
                changed = true
            }
        }
        return finish(child, node, stored: stored, changed: changed, at: position, &changes)
    }

    /// The node standing at `position` for `child`: the stored node, or a new node holding a pushed-down
    /// leaf, or an empty node; and whether it is stored.
    private static func expand(_ load: NodeLoader, _ child: StoredChild?, at position: NodePosition) throws
        -> (StoredNode, stored: Bool)
    {
        switch child {
        case nil:
            return (StoredNode(), false)
        case .leaf(let leaf)?:
            var node = StoredNode()
            node[leaf.path.nibble(position.depth)] = .leaf(leaf)
            return (node, false)
        case .node(_, let version)?:
            return (try load(position, version), true)
        }
    }

    /// What now stands at `position`, where `node` (stored or not) was given new children if `changed`:
    /// nothing, a lone leaf moved up, or the node written at this version (the old one listed stale).
    private static func finish(
        _ original: StoredChild?, _ node: StoredNode, stored: Bool, changed: Bool, at position: NodePosition,
        _ changes: inout Changes
    ) -> StoredChild? {
        guard changed else { return original }
        if stored, case .node(_, let version)? = original {
            // The cached node stays: entries are used only on an exact version match.
            changes.staleNode(position, version: version)
        }
        if node.childCount == 0 { return nil }
        if let (_, only) = node.onlyChild, case .leaf = only { return only }  // a lone leaf moves up
        return changes.newNode(node, at: position)
    }

    private func write(_ db: Database, _ changes: Changes, _ writes: [StateWrite], root: StoredChild?) throws {
        guard let statements else { throw StateError.storage("the database is closed") }
        for rows in changes.nodeRows { try statements.insertNodes.insert(rows) }
        let leafRows = Self.leafRows(writes, version: changes.version)
        guard leafRows.count == changes.newLeaves else {
            // An invariant of the walk, checked because a miss would store leaves without values.
            throw StateError.storage(
                "commit aborted: the walk made \(changes.newLeaves) leaves for \(leafRows.count) values (a bug)")
        }
        try statements.insertLeaves.insert(leafRows)
        try db.execute(
            sql: "INSERT INTO state_versions (version, root_hash, root) VALUES (?, ?, ?)",
            arguments: [changes.version, Data((root?.hash ?? .zero).bytes), Data(Self.encodeRoot(root))])
        if !changes.stale.isEmpty {
            try db.execute(
                sql: "INSERT INTO state_stale (version, keys) VALUES (?, ?)",
                arguments: [changes.version, Data(changes.stale)])
        }
    }

    /// The value rows of a commit, in key order: every write of a value (sorted, unique) makes a new leaf.
    static func leafRows(_ writes: [StateWrite], version: UInt64) -> RowBuffer {
        var rows = RowBuffer()
        for write in writes {
            guard let value = write.value else { continue }
            rows.append(
                key: { appendLeafStorageKey(path: write.path, version: version, to: &$0) },
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
        try transaction { db in
            // A record made stale at version s is reachable only from versions below s.
            let rows = try Row.fetchAll(
                db, sql: "SELECT version, keys FROM state_stale WHERE version <= ?", arguments: [version])
            guard let statements = self.statements else { throw StateError.storage("the database is closed") }
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
        setOldest(version)
    }
}

/// Hands a buffer to concurrent workers that write disjoint ranges of it.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
