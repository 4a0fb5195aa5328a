import Dispatch
import Foundation

extension StateTree {
    /// What a commit changes in the part of the tree one walk covers (one subtree of the root, or the root
    /// itself), gathered during the walk and written afterwards.
    struct Changes: Sendable {
        let version: UInt64
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

        /// Hashes `node`, records it as written at `position` in this version, and returns the child pointing
        /// to it.
        mutating func newNode(_ node: inout StoredNode, at position: NodePosition) -> StoredChild {
            let hash = node.rehash()
            while nodeRows.count <= position.depth { nodeRows.append(RowBuffer()) }
            let version = self.version
            let node = node
            nodeRows[position.depth].append(
                key: { position.appendStorageKey(version: version, to: &$0) }, value: { node.encode(into: &$0) })
            return .node(hash: hash, version: version)
        }

        /// The leaf for a new value (its row is written from the commit's writes, see ``leafRows``).
        mutating func newLeaf(path: Hash, value: [UInt8]) -> StoredChild {
            newLeaves += 1
            return .leaf(StoredLeaf(path: path, valueHash: SparseMerkle.valueHash(value), version: version))
        }
    }

    /// Below this many writes a commit runs on one core (threads cost more than they save).
    static let parallelThreshold = 2048

    /// The latest root with `writes` applied, and the changes to write as `version`, in order. Each subtree of
    /// the root is walked on its own, on all cores for a large commit, with its shard of the node cache; with
    /// `inPlace` (a commit, not a dry run) the walks leave the new nodes in the cache; should one fail, the cache
    /// keeps only nodes of existing versions (``NodeCache/forgetVersions(from:)``).
    ///
    /// Must run on the database's queue.
    func updateRoot(_ writes: SortedWrites, version: UInt64, inPlace: Bool) throws
        -> (root: StoredChild?, changes: [Changes])
    {
        guard let statements else { throw StateError.storage("the database is closed") }
        let database = DatabaseNodeReader(select: statements.selectNode)
        // The walks own the shards while they run: moved out of the cache, their nodes are not shared.
        var shards = cache.shards
        if inPlace { cache.removeAll() }
        var succeeded = false
        defer {
            if inPlace {
                cache.shards = shards
                // A failed walk leaves nodes of a version that does not exist, and empty nodes where it took
                // nodes out: forget them, and only them.
                if !succeeded { cache.forgetVersions(from: version) }
            }
        }
        let shardCapacity = cache.shardCapacity

        var rootNodes = SubtreeNodes(inPlace: inPlace, database: database, capacity: shardCapacity)
        swap(&rootNodes.shard, &shards[0])
        defer { swap(&rootNodes.shard, &shards[0]) }
        var changes = Changes(version: version)
        var (root, stored) = try Self.expand(&rootNodes, latestRoot, at: .root)

        let groups = Array(NibbleGroups(writes.paths[...], depth: 0))
        let children = root
        var results = [Result<(StoredChild?, Changes), Error>?](repeating: nil, count: groups.count)
        shards.withUnsafeMutableBufferPointer { shards in
            results.withUnsafeMutableBufferPointer { results in
                // Unchecked: walk `g` touches only `results[g]` and the shard of its nibble, which no other walk
                // touches (one group per nibble), and this thread waits for all of them.
                let shards = UnsafeSendable(shards)
                let results = UnsafeSendable(results)
                let walk: @Sendable (Int) -> Void = { g in
                    let (nibble, range) = groups[g]
                    var nodes = SubtreeNodes(inPlace: inPlace, database: database, capacity: shardCapacity)
                    swap(&nodes.shard, &shards.value[1 + nibble])
                    results.value[g] = Result {
                        var local = Changes(version: version)
                        let child = try Self.update(
                            &nodes, children[nibble], at: NodePosition.root.child(nibble), writes, range, &local)
                        return (child, local)
                    }
                    swap(&nodes.shard, &shards.value[1 + nibble])
                }
                if writes.count >= Self.parallelThreshold && ProcessInfo.processInfo.activeProcessorCount > 1 {
                    DispatchQueue.concurrentPerform(iterations: groups.count, execute: walk)
                } else {
                    for g in groups.indices { walk(g) }
                }
            }
        }

        var parts: [Changes] = []
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
            parts.append(local)
        }
        let newRoot = Self.finish(
            latestRoot, &root, stored: stored, changed: changed, at: .root, &changes, &rootNodes)
        succeeded = true
        return (newRoot, parts + [changes])
    }

    /// Sorted paths split by their nibble at `depth`: one range of indices per nibble.
    struct NibbleGroups: Sequence, IteratorProtocol {
        private let paths: ArraySlice<Hash>
        private let depth: Int
        private var start: Int

        init(_ paths: ArraySlice<Hash>, depth: Int) {
            self.paths = paths
            self.depth = depth
            self.start = paths.startIndex
        }

        mutating func next() -> (nibble: Int, range: Range<Int>)? {
            guard start < paths.endIndex else { return nil }
            let nibble = paths[start].nibble(depth)
            var end = start + 1
            while end < paths.endIndex && paths[end].nibble(depth) == nibble { end += 1 }
            defer { start = end }
            return (nibble, start..<end)
        }
    }

    /// The subtree at `position` (currently `child`) with writes `range` applied, all of whose paths lie
    /// below `position`. Returns the new child; records new and stale records in `changes`.
    static func update(
        _ nodes: inout SubtreeNodes, _ child: StoredChild?, at position: NodePosition, _ writes: SortedWrites,
        _ range: Range<Int>, _ changes: inout Changes
    ) throws -> StoredChild? {
        // A single write landing on an empty slot or on its own leaf: no node needed.
        if range.count == 1 {
            let path = writes.paths[range.lowerBound]
            switch child {
            case nil:
                return writes.values[range.lowerBound].map { changes.newLeaf(path: path, value: $0) }
            case .leaf(let leaf)? where leaf.path == path:
                changes.staleLeaf(leaf)
                return writes.values[range.lowerBound].map { changes.newLeaf(path: path, value: $0) }
            default: break
            }
        }
        var (node, stored) = try expand(&nodes, child, at: position)
        var changed = false
        for (nibble, group) in NibbleGroups(writes.paths[range], depth: position.depth) {
            let old = node[nibble]
            let new = try update(&nodes, old, at: position.child(nibble), writes, group, &changes)
            if new != old {
                node[nibble] = new
                changed = true
            }
        }
        return finish(child, &node, stored: stored, changed: changed, at: position, &changes, &nodes)
    }

    /// The node standing at `position` for `child`: the stored node, or a new node holding a pushed-down
    /// leaf, or an empty node; and whether it is stored.
    private static func expand(_ nodes: inout SubtreeNodes, _ child: StoredChild?, at position: NodePosition)
        throws -> (StoredNode, stored: Bool)
    {
        switch child {
        case nil:
            return (StoredNode(), false)
        case .leaf(let leaf)?:
            var node = StoredNode()
            node[leaf.path.nibble(position.depth)] = .leaf(leaf)
            return (node, false)
        case .node(_, let version)?:
            return (try nodes.take(position, version: version), true)
        }
    }

    /// What now stands at `position`, where `node` (stored or not) was given new children if `changed`:
    /// nothing, a lone leaf moved up, or the node written at this version (the old one listed stale). The
    /// node that stands there goes (back) into `nodes`; a stored node that no longer stands leaves it.
    private static func finish(
        _ original: StoredChild?, _ node: inout StoredNode, stored: Bool, changed: Bool, at position: NodePosition,
        _ changes: inout Changes, _ nodes: inout SubtreeNodes
    ) -> StoredChild? {
        let storedVersion: UInt64?
        if stored, case .node(_, let version)? = original { storedVersion = version } else { storedVersion = nil }
        guard changed else {
            if let storedVersion { nodes.put(node, at: position, version: storedVersion) }
            return original
        }
        if let storedVersion { changes.staleNode(position, version: storedVersion) }
        let replacement: StoredChild?
        if node.childCount == 0 {
            replacement = nil
        } else if let (_, only) = node.onlyChild, case .leaf = only {
            replacement = only  // a lone leaf moves up
        } else {
            let child = changes.newNode(&node, at: position)
            nodes.put(node, at: position, version: changes.version)
            return child
        }
        // No node stands here any more.
        if storedVersion != nil { nodes.remove(at: position) }
        return replacement
    }
}

/// Hands a buffer to concurrent workers that each touch their own elements of it.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
