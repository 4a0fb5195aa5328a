import Foundation
import GRDB
import Testing

@testable import Common

@Suite("Prepared commits: one walk for the root and the commit, as if committed directly")
struct PreparedCommitTests {
    /// Every cached position of each shard, with the version of the node cached there.
    static func cachedVersions(_ tree: StateTree) -> [[NodePosition: UInt64]] {
        tree.cache.shards.map { $0.mapValues(\.version) }
    }

    /// Two trees given the same first commit of `count` random writes as `version`: one to prepare commits on,
    /// one to commit directly; and the reference state after it.
    static func twins(count: Int, version: UInt64, using random: inout SeededRandom) throws
        -> (tree: StateTree, fresh: StateTree, reference: ReferenceState)
    {
        let (tree, fresh) = (try StateTree.inMemory(), try StateTree.inMemory())
        let first = StateTreeTests.writes(count: count, using: &random)
        try tree.commit(first, version: version)
        try fresh.commit(first, version: version)
        var reference = ReferenceState()
        reference.apply(first)
        return (tree, fresh, reference)
    }

    /// Every cached node: its shard, position, version and children.
    static func cachedNodes(_ tree: StateTree) -> Set<CachedNode> {
        var nodes = Set<CachedNode>()
        for (shard, entries) in tree.cache.shards.enumerated() {
            for (position, entry) in entries {
                nodes.insert(
                    CachedNode(
                        shard: shard, position: position, version: entry.version,
                        children: (0..<16).map { entry.node[$0] }))
            }
        }
        return nodes
    }

    struct CachedNode: Hashable {
        var shard: Int
        var position: NodePosition
        var version: UInt64
        var children: [StoredChild?]
    }

    /// Commits of inserts, updates and deletes, large (walked on all cores) and small.
    static func batches(using random: inout SeededRandom) -> [[StateWrite]] {
        var reference = ReferenceState()
        var batches: [[StateWrite]] = []
        for size in [StateTree.parallelThreshold + 700, 300, 1, StateTree.parallelThreshold + 200, 40] {
            var batch = StateTreeTests.writes(count: size, using: &random)
            for path in reference.values.keys.sorted().shuffled(using: &random).prefix(size / 2) {
                batch.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(4)))
            }
            batch.shuffle(using: &random)
            reference.apply(batch)
            batches.append(batch)
        }
        return batches
    }

    @Test(
        "a prepared commit writes the rows, and leaves the node cache, that committing the writes directly does",
        arguments: [400_000, 64])
    func sameAsDirect(cacheCapacity: Int) throws {
        var random = SeededRandom(seed: 515)
        let options = StateTree.Options(nodeCacheCapacity: cacheCapacity)
        let direct = try StateTree.inMemory(options: options)
        let prepared = try StateTree.inMemory(options: options)
        var reference = ReferenceState()
        for (i, batch) in Self.batches(using: &random).enumerated() {
            let version = UInt64(i)
            reference.apply(batch)
            let commit = try prepared.prepareCommit(batch, version: version)
            #expect(commit.rootHash == reference.root, "version \(version)")
            #expect(prepared.latestVersion == (i == 0 ? nil : version - 1), "preparing wrote nothing")
            #expect(try prepared.commit(commit) == reference.root)
            #expect(try direct.commit(batch, version: version) == reference.root)
            if cacheCapacity > 10_000 {
                // No eviction: the very same nodes are cached, at the same versions. (With a small cache, the
                // evictions pick by dictionary order, and only the roots, rows and proofs must agree.)
                #expect(Self.cachedVersions(prepared) == Self.cachedVersions(direct), "version \(version)")
            }
        }
        #expect(try StateTreeStorageTests.storageDigest(prepared) == StateTreeStorageTests.storageDigest(direct))
        for path in reference.values.keys.sorted().prefix(60) {
            #expect(try prepared.proof(for: path) == direct.proof(for: path))
            #expect(try prepared.value(at: path) == reference.values[path])
        }
    }

    @Test("a prepared commit is refused by another tree, once its tree has moved, or for a version not next")
    func refusedOnMovedTree() throws {
        var random = SeededRandom(seed: 516)
        let tree = try StateTree.inMemory()
        let twin = try StateTree.inMemory()
        let first = StateTreeTests.writes(count: 100, using: &random)
        try tree.commit(first, version: 1)
        try twin.commit(first, version: 1)
        let stale = try tree.prepareCommit(StateTreeTests.writes(count: 50, using: &random), version: 2)
        // The same version and root, but not the tree that prepared it.
        #expect(throws: StateError.self) { try twin.commit(stale) }
        #expect(twin.latestVersion == 1)

        let other = StateTreeTests.writes(count: 50, using: &random)
        let root = try tree.commit(other, version: 2)
        #expect(throws: StateError.self) { try tree.commit(stale) }
        #expect(tree.latestVersion == 2)
        #expect(try tree.rootHash() == root)
        #expect(throws: StateError.versionNotIncreasing(version: 2, latest: 2)) {
            try tree.prepareCommit(other, version: 2)
        }
    }

    /// Every path of `values` reads its value at `version`, and its proof checks against that version's root.
    static func expectReads(_ tree: StateTree, _ values: [Hash: [UInt8]], version: UInt64) throws {
        let root = try tree.rootHash(at: version)
        for path in values.keys.sorted().prefix(40) {
            #expect(try tree.value(at: path, version: version) == values[path])
            try tree.proof(for: path, version: version).verify(path: path, value: values[path], root: root)
        }
    }

    @Test("a prepared commit failing at the insert leaves the tree as it was and stays outstanding; retried, it lands")
    func failedWrite() throws {
        var random = SeededRandom(seed: 517)
        let (tree, fresh, reference) = try Self.twins(
            count: StateTree.parallelThreshold + 300, version: 1, using: &random)
        let root = try tree.rootHash()

        let second = StateTreeTests.writes(count: StateTree.parallelThreshold + 300, using: &random)
        let commit = try tree.prepareCommit(second, version: 2)
        // A row where the commit's root node goes: writing the rows fails.
        let key = Data(NodePosition.root.storageKey(version: 2))
        try tree.database { db in
            try db.execute(sql: "INSERT INTO state_nodes (key, node) VALUES (?, ?)", arguments: [key, Data([0])])
        }
        #expect(throws: StateError.self) { try tree.commit(commit) }
        #expect(tree.latestVersion == 1)
        #expect(try tree.rootHash() == root)
        #expect(tree.isWritable(commit), "a failed write leaves it outstanding")
        // The cache holds the prepared version's nodes, but reads of version 1 see version 1.
        try Self.expectReads(tree, reference.values, version: 1)

        try tree.database { db in try db.execute(sql: "DELETE FROM state_nodes WHERE key = ?", arguments: [key]) }
        #expect(try tree.commit(commit) == fresh.commit(second, version: 2))
        #expect(!tree.isWritable(commit), "written once")
        #expect(Self.cachedVersions(tree) == Self.cachedVersions(fresh))
        #expect(try StateTreeStorageTests.storageDigest(tree) == StateTreeStorageTests.storageDigest(fresh))
    }

    @Test(
        "a prepared commit superseded by a direct commit or another prepared one leaves no trace, and is refused",
        arguments: ["direct", "prepared"])
    func superseded(by way: String) throws {
        var random = SeededRandom(seed: 519)
        let (tree, fresh, initial) = try Self.twins(
            count: StateTree.parallelThreshold + 300, version: 1, using: &random)
        var reference = initial

        // Prepared and dropped: overwrites some of the same paths with other values, at the same version.
        var abandoned = StateTreeTests.writes(count: StateTree.parallelThreshold + 300, using: &random)
        let kept = StateTreeTests.writes(count: 500, using: &random)
        abandoned += kept.map { StateWrite(path: $0.path, value: [0xAB]) }
        let dropped = try tree.prepareCommit(abandoned, version: 2)
        try Self.expectReads(tree, reference.values, version: 1)
        if way == "direct" {
            try tree.commit(kept, version: 2)
        } else {
            let next = try tree.prepareCommit(kept, version: 2)
            #expect(!tree.isWritable(dropped) && tree.isWritable(next))
            try tree.commit(next)
        }
        #expect(throws: StateError.self) { try tree.commit(dropped) }
        try fresh.commit(kept, version: 2)
        reference.apply(kept)
        #expect(try tree.rootHash() == reference.root)
        #expect(tree.cache.shards.allSatisfy { $0.values.allSatisfy { $0.version <= 2 } })
        // The dropped walk took some nodes of version 1 out of the cache (a commit's walk does), so the cache is
        // colder than the fresh tree's; what it holds is exactly what the fresh tree holds there.
        #expect(Self.cachedNodes(tree).isSubset(of: Self.cachedNodes(fresh)), "none of the dropped commit's nodes")
        try Self.expectReads(tree, reference.values, version: 2)
        // And onwards: the next commits agree with the tree that never prepared anything.
        let third = StateTreeTests.writes(count: StateTree.parallelThreshold + 100, using: &random)
        let prepared = try tree.prepareCommit(third, version: 3)
        #expect(try tree.commit(prepared) == fresh.commit(third, version: 3))
        #expect(try StateTreeStorageTests.storageDigest(tree) == StateTreeStorageTests.storageDigest(fresh))
    }

    @Test("an overlay commits what its root prepared; a write after the root, or another version, walks again")
    func overlayReusesRoot() throws {
        var random = SeededRandom(seed: 518)
        let (tree, fresh, _) = try Self.twins(count: 200, version: 0, using: &random)

        var overlay = StateOverlay(tree: tree)
        let writes = StateTreeTests.writes(count: 300, using: &random)
        for write in writes { try overlay.set(path: write.path, write.value ?? []) }
        let root = try overlay.root()
        #expect(try overlay.root() == root)
        #expect(overlay.prepared.map(tree.isWritable) == true, "the root's walk is kept for the commit")
        #expect(try overlay.commit(version: 1) == root)
        #expect(try fresh.commit(writes, version: 1) == root)

        // Written after the root: the commit includes it.
        var later = StateOverlay(tree: tree)
        let path = Hash.blake2b([7])
        try later.set(path: path, [1])
        let before = try later.root()
        try later.set(path: path, [2])
        let after = try later.root()
        #expect(before != after)
        #expect(try later.commit(version: 2) == after)
        #expect(try fresh.commit([StateWrite(path: path, value: [2])], version: 2) == after)

        // Prepared for the next version, committed as a later one: committed directly instead.
        var skipping = StateOverlay(tree: tree)
        try skipping.delete(path: path)
        let skippedRoot = try skipping.root()
        #expect(try skipping.commit(version: 9) == skippedRoot)
        #expect(tree.latestVersion == 9)
        #expect(try fresh.commit([StateWrite(path: path, value: nil)], version: 9) == skippedRoot)
        #expect(try StateTreeStorageTests.storageDigest(tree) == StateTreeStorageTests.storageDigest(fresh))
    }
}
