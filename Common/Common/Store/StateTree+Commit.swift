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
        var nodes: [(NodePosition, StoredNode)] = []
        var leaves: [(Hash, [UInt8])] = []
        /// Keys made stale by this version: `0 || node key` or `1 || leaf key`, each length-prefixed.
        var stale = ByteWriter(capacity: 4096)

        mutating func staleNode(_ position: NodePosition, version: UInt64) {
            stale.writeBytes([0] + position.storageKey(version: version))
        }

        mutating func staleLeaf(_ leaf: StoredLeaf) {
            stale.writeBytes([1] + leafStorageKey(path: leaf.path, version: leaf.version))
        }

        mutating func merge(_ other: Changes) {
            nodes += other.nodes
            leaves += other.leaves
            stale.writeRaw(other.stale.bytes)
        }

        mutating func newLeaf(path: Hash, value: [UInt8]) -> StoredChild {
            leaves.append((path, value))
            return .leaf(StoredLeaf(path: path, valueHash: SparseMerkle.valueHash(value), version: version))
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
            try self.write(db, changes, root: newRoot)
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
        var sorted: [StateWrite] = []
        sorted.reserveCapacity(writes.count)
        // A stable sort keeps writes to one path in order, so the last one wins below.
        for write in writes.enumerated().sorted(by: { ($0.element.path, $0.offset) < ($1.element.path, $1.offset) })
            .map(\.element)
        {
            if let value = write.value, value.count > SparseMerkle.maxValueBytes {
                throw .valueTooLarge(bytes: value.count, cap: SparseMerkle.maxValueBytes)
            }
            if let last = sorted.last, last.path == write.path {
                sorted[sorted.count - 1] = write
            } else {
                sorted.append(write)
            }
        }
        return sorted
    }

    /// Reads a stored node by position and version.
    typealias NodeLoader = (NodePosition, UInt64) throws -> StoredNode

    /// The latest root with `writes` (sorted, unique) applied. Large commits update the root's sixteen
    /// subtrees on all cores: the nodes they need are read first, so the workers touch neither the
    /// database nor the cache.
    private func updateRoot(_ db: Database, _ writes: [StateWrite], _ changes: inout Changes) throws -> StoredChild? {
        let sequentialLoader: NodeLoader = { try self.node(db, at: $0, version: $1) }
        guard writes.count >= Self.parallelThreshold, ProcessInfo.processInfo.activeProcessorCount > 1,
            case .node(_, let rootVersion)? = latestRoot
        else {
            return try Self.update(sequentialLoader, latestRoot, at: .root, writes[...], &changes)
        }
        let loaded = try prefetch(db, writes, rootVersion: rootVersion)
        let loader: @Sendable (NodePosition, UInt64) throws -> StoredNode = { position, version in
            guard let node = loaded[position] else {
                throw StateError.corruptStore("node at depth \(position.depth), version \(version) was not prefetched")
            }
            return node
        }
        let (root, stored) = try Self.expand(loader, latestRoot, at: .root)
        let groups = Self.nibbleGroups(writes[...], depth: 0)
        var results = [Result<(StoredChild?, Changes), Error>?](repeating: nil, count: groups.count)
        let version = changes.version
        results.withUnsafeMutableBufferPointer { output in
            let output = UnsafeSendable(output)
            DispatchQueue.concurrentPerform(iterations: groups.count) { g in
                let (nibble, range) = groups[g]
                output.value[g] = Result {
                    var local = Changes(version: version)
                    let child = try Self.update(
                        loader, root[nibble], at: NodePosition.root.child(nibble),
                        writes[range], &local)
                    return (child, local)
                }
            }
        }
        var children: [(Int, StoredChild?)] = []
        for (g, result) in results.enumerated() {
            guard let (child, local) = try result?.get() else {
                throw StateError.storage("a subtree update did not run")
            }
            children.append((groups[g].nibble, child))
            changes.merge(local)
        }
        return Self.finish(latestRoot, root, stored: stored, at: .root, children, &changes)
    }

    /// Below this many writes a commit runs on one core (threads cost more than they save).
    static let parallelThreshold = 2048

    /// Every stored node on the paths of `writes`, read in one pass.
    private func prefetch(_ db: Database, _ writes: [StateWrite], rootVersion: UInt64) throws
        -> [NodePosition: StoredNode]
    {
        var loaded: [NodePosition: StoredNode] = [:]
        for write in writes {
            var child: StoredChild? = .node(hash: .zero, version: rootVersion)
            var position = NodePosition.root
            while case .node(_, let version)? = child {
                let node: StoredNode
                if let known = loaded[position] {
                    node = known
                } else {
                    node = try self.node(db, at: position, version: version)
                    loaded[position] = node
                }
                let nibble = write.path.nibble(position.depth)
                child = node[nibble]
                position = position.child(nibble)
            }
        }
        return loaded
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
        let (node, stored) = try expand(load, child, at: position)
        var children: [(Int, StoredChild?)] = []
        for (nibble, range) in nibbleGroups(writes, depth: position.depth) {
            children.append(
                (nibble, try update(load, node[nibble], at: position.child(nibble), writes[range], &changes)))
        }
        return finish(child, node, stored: stored, at: position, children, &changes)
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

    /// The writes split by their nibble at `depth` (they are sorted, so each group is a range).
    private static func nibbleGroups(_ writes: ArraySlice<StateWrite>, depth: Int) -> [(nibble: Int, range: Range<Int>)]
    {
        var groups: [(nibble: Int, range: Range<Int>)] = []
        var start = writes.startIndex
        while start < writes.endIndex {
            let nibble = writes[start].path.nibble(depth)
            var end = start + 1
            while end < writes.endIndex && writes[end].path.nibble(depth) == nibble { end += 1 }
            groups.append((nibble, start..<end))
            start = end
        }
        return groups
    }

    /// Sets the new `children` into `node` and returns what now stands at `position`: nothing, a lone leaf
    /// moved up, or the node written at this version (the old one listed stale).
    private static func finish(
        _ original: StoredChild?, _ node: StoredNode, stored: Bool, at position: NodePosition,
        _ children: [(Int, StoredChild?)], _ changes: inout Changes
    ) -> StoredChild? {
        var node = node
        var changed = false
        for (nibble, child) in children where node[nibble] != child {
            node[nibble] = child
            changed = true
        }
        guard changed else { return original }
        if stored, case .node(_, let version)? = original {
            // The cached node stays: entries are used only on an exact version match.
            changes.staleNode(position, version: version)
        }
        if node.childCount == 0 { return nil }
        if let (_, only) = node.onlyChild, case .leaf = only { return only }  // a lone leaf moves up
        changes.nodes.append((position, node))
        return .node(hash: node.hash, version: changes.version)
    }

    private func write(_ db: Database, _ changes: Changes, root: StoredChild?) throws {
        guard let statements else { throw StateError.storage("the database is closed") }
        for (key, node) in Self.encodedRows(changes) {
            try statements.insertNode.run(key, node)
        }
        for (path, value) in changes.leaves {
            try statements.insertLeaf.run(leafStorageKey(path: path, version: changes.version), value)
        }
        try db.execute(
            sql: "INSERT INTO state_versions (version, root_hash, root) VALUES (?, ?, ?)",
            arguments: [changes.version, Data((root?.hash ?? .zero).bytes), Data(Self.encodeRoot(root))])
        if !changes.stale.bytes.isEmpty {
            try db.execute(
                sql: "INSERT INTO state_stale (version, keys) VALUES (?, ?)",
                arguments: [changes.version, Data(changes.stale.bytes)])
        }
    }

    /// The new nodes as (key, encoding) rows in key order, so that every insert appends to the table's
    /// last page. Encoding runs on all cores: it is a quarter of a large commit.
    static func encodedRows(_ changes: Changes) -> [([UInt8], [UInt8])] {
        // (depth, prefix) order is the byte order of the keys within one version.
        let order = changes.nodes.indices.sorted {
            let a = changes.nodes[$0].0
            let b = changes.nodes[$1].0
            return (a.depth, a.prefix) < (b.depth, b.prefix)
        }
        let chunks =
            order.count < 512 ? 1 : min(order.count, 2 * max(1, ProcessInfo.processInfo.activeProcessorCount))
        guard chunks > 1 else {
            return order.map { changes.nodes[$0].0.storageKey(version: changes.version) }.enumerated().map {
                ($0.element, changes.nodes[order[$0.offset]].1.encoded())
            }
        }
        var rows = [([UInt8], [UInt8])](repeating: ([], []), count: order.count)
        rows.withUnsafeMutableBufferPointer { output in
            let output = UnsafeSendable(output)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (chunk * order.count / chunks)..<((chunk + 1) * order.count / chunks)
                for i in range {
                    let (position, node) = changes.nodes[order[i]]
                    output.value[i] = (position.storageKey(version: changes.version), node.encoded())
                }
            }
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
