import Foundation
import GRDB
import Synchronization
import TestSupport
import Testing

@testable import Common

@Suite("State tree storage: failed commits, stored rows, inner hashes, cache and WAL bounds")
struct StateTreeStorageTests {
    /// The writes of the storage golden vector: parallel and sequential commits of inserts, updates and
    /// deletes, then a prune.
    static func buildDigestTree() throws -> (tree: StateTree, reference: ReferenceState) {
        var random = SeededRandom(seed: 4242)
        let tree = try StateTree.inMemory()
        var reference = ReferenceState()
        let sizes = [StateTree.parallelThreshold + 700, 300, StateTree.parallelThreshold + 200, 50, 9]
        for (i, size) in sizes.enumerated() {
            var batch = StateTreeTests.writes(count: size, using: &random)
            for path in reference.values.keys.sorted().shuffled(using: &random).prefix(size / 3) {
                batch.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(4)))
            }
            batch.shuffle(using: &random)
            try tree.commit(batch, version: UInt64(1 + 2 * i))
            reference.apply(batch)
        }
        try tree.prune(keepingFrom: 5)
        return (tree, reference)
    }

    /// BLAKE2b of every row of the state tables, each table in primary-key order.
    static func storageDigest(_ tree: StateTree) throws -> Hash {
        var bytes: [UInt8] = []
        func append(_ blob: [UInt8]) {
            withUnsafeBytes(of: UInt32(blob.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: blob)
        }
        try tree.database { db in
            for (table, columns) in [
                ("state_nodes", "key, node"), ("state_leaves", "key, value"), ("state_stale", "version, keys"),
                ("state_versions", "version, root_hash, root"),
            ] {
                append(Array(table.utf8))
                for row in try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY 1") {
                    for index in 0..<row.count {
                        switch (row[index] as DatabaseValue).storage {
                        case .blob(let blob): append(Array(blob))
                        case .int64(let integer): withUnsafeBytes(of: integer.bigEndian) { append(Array($0)) }
                        default: throw StateError.storage("unexpected value in \(table)")
                        }
                    }
                }
            }
        }
        return Hash.blake2b(bytes)
    }

    @Test("the stored rows are pinned: the same commits and prune give these bytes (golden vector)")
    func goldenStorageDigest() throws {
        let (tree, reference) = try Self.buildDigestTree()
        #expect(try tree.rootHash() == reference.root)
        let digest = try Self.storageDigest(tree)
        #expect(digest.description == StateGoldenVectors.storageDigest, "digest is \(digest)")
    }

    /// The deepest stored node on the path to `path` in the latest version: its position and version.
    static func deepestNode(_ tree: StateTree, path: Hash) throws -> (position: NodePosition, version: UInt64) {
        try tree.database { db in
            var child = try tree.root(db, version: nil)
            var position = NodePosition.root
            var deepest: (NodePosition, UInt64)?
            while case .node(_, let version)? = child {
                deepest = (position, version)
                let node = try tree.node(db, at: position, version: version)
                let nibble = path.nibble(position.depth)
                child = node[nibble]
                position = position.child(nibble)
            }
            guard let deepest else { throw StateError.storage("no node on the path") }
            return deepest
        }
    }

    @Test(
        "a commit failing after its walks updated the cache leaves the tree as it was; then as if it never failed",
        arguments: ["missing node", "clashing row"])
    func failedCommit(failure: String) throws {
        var random = SeededRandom(seed: 61)
        let tree = try StateTree.inMemory()
        let fresh = try StateTree.inMemory()
        var reference = ReferenceState()
        for (version, size) in [(UInt64(1), StateTree.parallelThreshold + 1000), (2, 200)] {
            let batch = StateTreeTests.writes(count: size, using: &random)
            try tree.commit(batch, version: version)
            try fresh.commit(batch, version: version)
            reference.apply(batch)
        }
        let root = try tree.rootHash()
        #expect(root == reference.root)

        // A large commit, updated on all cores, that also rewrites `victim`.
        let keys = reference.values.keys.sorted()
        let victim = keys[keys.count / 2]
        var batch = StateTreeTests.writes(count: StateTree.parallelThreshold + 500, using: &random)
        for path in keys.shuffled(using: &random).prefix(500) where path != victim {
            batch.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(4)))
        }
        batch.append(StateWrite(path: victim, value: [9]))
        batch.shuffle(using: &random)

        let repair: () throws -> Void
        if failure == "missing node" {
            // The deepest node on the victim's path goes from the database and the cache: the walk that reaches
            // it throws, while the others update their shards.
            let (position, version) = try Self.deepestNode(tree, path: victim)
            let key = Data(position.storageKey(version: version))
            let row = try tree.database { db in
                try Data.fetchOne(db, sql: "SELECT node FROM state_nodes WHERE key = ?", arguments: [key])
            }
            let bytes = try #require(row)
            try tree.database { db in try db.execute(sql: "DELETE FROM state_nodes WHERE key = ?", arguments: [key]) }
            tree.cache.shards[NodeCache.shard(of: position)].removeValue(forKey: position)
            repair = {
                try tree.database { db in
                    try db.execute(sql: "INSERT INTO state_nodes (key, node) VALUES (?, ?)", arguments: [key, bytes])
                }
            }
        } else {
            // A row where the commit's root node goes: every walk succeeds, then writing the rows fails.
            let key = Data(NodePosition.root.storageKey(version: 3))
            try tree.database { db in
                try db.execute(sql: "INSERT INTO state_nodes (key, node) VALUES (?, ?)", arguments: [key, Data([0])])
            }
            repair = {
                try tree.database { db in
                    try db.execute(sql: "DELETE FROM state_nodes WHERE key = ?", arguments: [key])
                }
            }
        }
        #expect(throws: StateError.self) { try tree.commit(batch, version: 3) }

        // Nothing changed, and the cache holds only nodes of existing versions.
        #expect(tree.latestVersion == 2)
        #expect(try tree.rootHash() == root)
        #expect(tree.cache.shards.allSatisfy { $0.values.allSatisfy { $0.version <= 2 } })
        #expect(tree.cache.count > 0, "a failed commit kept nothing of the cache")
        try repair()
        for path in keys.prefix(100) + [victim] {
            let proof = try tree.proof(for: path)
            try proof.verify(path: path, value: reference.values[path], root: root)
            #expect(try proof == fresh.proof(for: path))
        }

        // The retry, then the next commit, give what the tree that never failed gives, down to the bytes.
        reference.apply(batch)
        #expect(try tree.commit(batch, version: 3) == reference.root)
        #expect(try fresh.commit(batch, version: 3) == reference.root)
        let next = StateTreeTests.writes(count: StateTree.parallelThreshold + 100, using: &random)
        reference.apply(next)
        #expect(try tree.commit(next, version: 4) == reference.root)
        #expect(try fresh.commit(next, version: 4) == reference.root)
        for path in keys.prefix(50) + [victim] {
            #expect(try tree.proof(for: path) == fresh.proof(for: path))
        }
        #expect(try Self.storageDigest(tree) == Self.storageDigest(fresh))
    }

    @Test("a node's cached inner hashes give what recomputing them from its slots gives, after any edits")
    func innerHashesMatchRecompute() throws {
        var random = SeededRandom(seed: 71)
        func child() -> StoredChild {
            let version = UInt64.random(in: 1...1000, using: &random)
            return Bool.random(using: &random)
                ? .leaf(StoredLeaf(path: random.hash(), valueHash: random.hash(), version: version))
                : .node(hash: random.hash(), version: version)
        }
        /// Whether every binary subtree of `a` and `b`, at every level, is the same.
        func sameSummaries(_ a: StoredNode, _ b: StoredNode) -> Bool {
            (0...4).allSatisfy { level in
                (0..<(1 << level)).allSatisfy { index in
                    a.summary(level: level, index: index) == b.summary(level: level, index: index)
                }
            }
        }
        var mismatches = 0
        for _ in 0..<400 {
            var node = StoredNode()
            let density = Int.random(in: 1...4, using: &random)
            for slot in 0..<16 where Int.random(in: 0..<density, using: &random) == 0 { node[slot] = child() }
            _ = node.rehash()
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                for _ in 0..<Int.random(in: 1...5, using: &random) {
                    let slot = Int.random(in: 0..<16, using: &random)
                    node[slot] = Int.random(in: 0..<3, using: &random) == 0 ? nil : child()
                }
                // The same slots, with no inner hashes: everything computed from the slots.
                var recomputed = StoredNode()
                for slot in 0..<16 { recomputed[slot] = node[slot] }
                if !sameSummaries(node, recomputed) { mismatches += 1 }
                let hash = node.rehash()
                if hash != recomputed.summary(level: 0, index: 0).hash || !sameSummaries(node, recomputed) {
                    mismatches += 1
                }
                var full = try StoredNode(encoded: recomputed.encoded())
                if full.rehash() != hash || !sameSummaries(node, full) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("proofs from a warm node cache after many commits equal those of the tree reopened from its file")
    func proofsAfterReopen() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("state.sqlite").path
        var random = SeededRandom(seed: 81)
        var reference = ReferenceState()
        var paths: [Hash] = []
        let warm: (latest: [StateProof], older: [StateProof])
        do {
            let tree = try StateTree(path: file)
            for version in UInt64(1)...9 {
                let size = version % 3 == 1 ? StateTree.parallelThreshold + 300 : 250
                var batch = StateTreeTests.writes(count: size, using: &random)
                for path in reference.values.keys.sorted().shuffled(using: &random).prefix(100) {
                    batch.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(4)))
                }
                try tree.commit(batch, version: version)
                reference.apply(batch)
            }
            #expect(tree.cache.count > 1000)
            paths = Array(reference.values.keys.sorted().shuffled(using: &random).prefix(200))
            paths += (0..<50).map { _ in random.hash() }
            warm = (try paths.map { try tree.proof(for: $0) }, try paths.map { try tree.proof(for: $0, version: 7) })
            let root = try tree.rootHash()
            #expect(root == reference.root)
            for (path, proof) in zip(paths, warm.latest) {
                try proof.verify(path: path, value: reference.values[path], root: root)
            }
        }
        let reopened = try StateTree(path: file)
        #expect(reopened.cache.count == 0)
        #expect(try paths.map { try reopened.proof(for: $0) } == warm.latest)
        #expect(try paths.map { try reopened.proof(for: $0, version: 7) } == warm.older)
    }

    @Test("a commit keeps each shard of the node cache within its share of the capacity")
    func cacheBoundDuringCommit() throws {
        var random = SeededRandom(seed: 51)
        let tree = try StateTree.inMemory(options: .init(nodeCacheCapacity: 17 * 40))
        var reference = ReferenceState()
        let first = StateTreeTests.writes(count: StateTree.parallelThreshold + 500, using: &random)
        try tree.commit(first, version: 1)
        reference.apply(first)
        // The walks alone, without the eviction that follows a commit.
        let second = StateTreeTests.writes(count: StateTree.parallelThreshold + 500, using: &random)
        let sorted = try StateTree.normalize(second)
        _ = try tree.database { _ in try tree.updateRoot(sorted, version: 2, inPlace: true) }
        let capacity = tree.cache.shardCapacity
        #expect(tree.cache.shards.allSatisfy { $0.count <= capacity }, "\(tree.cache.shards.map(\.count))")
        #expect(tree.cache.count <= tree.cache.capacity)
        // Back to the committed state, then the commit itself.
        tree.cache.forgetVersions(from: 2)
        reference.apply(second)
        #expect(try tree.commit(second, version: 2) == reference.root)
        #expect(tree.cache.count <= tree.cache.capacity)
    }

    @Test("the WAL grows only while a reader pins it: the next commit empties it, later ones keep it near its limit")
    func walBounded() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("state.sqlite").path
        func walSize() -> Int {
            (try? FileManager.default.attributesOfItem(atPath: file + "-wal")[.size] as? Int) ?? 0
        }
        let limit = 1 << 20
        let tree = try StateTree(path: file, options: .init(maxWALBytes: limit))
        var random = SeededRandom(seed: 91)
        try tree.commit(StateTreeTests.writes(count: 500, using: &random), version: 1)
        tree.checkpointer?.waitUntilIdle()

        // A reader's snapshot keeps every checkpoint from finishing: the WAL can only grow.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let reader = try DatabaseQueue(path: file, configuration: configuration)
        try reader.inDatabase { db in
            try db.execute(sql: "BEGIN DEFERRED")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state_versions")
        }
        for version in UInt64(2)...12 {
            try tree.commit(StateTreeTests.writes(count: 400, using: &random), version: version)
        }
        let pinned = walSize()
        #expect(pinned > limit, "the WAL holds \(pinned) bytes")
        try reader.inDatabase { db in try db.execute(sql: "COMMIT") }
        try reader.close()
        tree.checkpointer?.waitUntilIdle()

        // Back-to-back commits: the first one waits for a checkpoint that empties the WAL.
        try tree.commit(StateTreeTests.writes(count: 400, using: &random), version: 13)
        #expect(walSize() == 0)
        #expect(tree.checkpointer?.truncations ?? 0 >= 1)
        // Then it stays near the limit: beyond it by at most the few commits the background checkpoint lags
        // behind (here, half of the 11 commits the WAL held while pinned).
        var largest = 0
        for version in UInt64(14)...24 {
            try tree.commit(StateTreeTests.writes(count: 400, using: &random), version: version)
            largest = max(largest, walSize())
        }
        #expect(largest <= limit + pinned / 2, "the WAL reached \(largest) bytes (\(pinned) while pinned)")
        tree.checkpointer?.waitUntilIdle()
        // Busy checkpoints (while the reader held its snapshot) are not failures.
        #expect(tree.lastCheckpointError == nil)
        #expect(tree.checkpointer?.failures == 0)
    }

    @Test("the WAL stays bounded while a reader thread reads the tree all along (the sequencer's case)")
    func walBoundedUnderReads() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let file = directory.url.appendingPathComponent("state.sqlite").path
        func walSize() -> Int {
            (try? FileManager.default.attributesOfItem(atPath: file + "-wal")[.size] as? Int) ?? 0
        }
        // A limit below one commit's frames, so that commits wait for truncating checkpoints while the reader
        // reads; and no value cache, so that every read goes to SQLite.
        let limit = 64 << 10
        let tree = try StateTree(path: file, options: .init(maxWALBytes: limit, valueCacheBytes: 0))
        var random = SeededRandom(seed: 44)
        let first = StateTreeTests.writes(count: 500, using: &random)
        try tree.commit(first, version: 1)
        let paths = first.map(\.path)
        let reads = ReadCounter()
        let reader = Thread {
            var index = 0
            while !reads.done.load(ordering: .acquiring) {
                _ = try? tree.value(at: paths[index % paths.count])
                index += 1
                reads.count.add(1, ordering: .relaxed)
            }
        }
        reader.start()
        defer { reads.done.store(true, ordering: .releasing) }
        var largest = 0
        for version in UInt64(2)...40 {
            try tree.commit(StateTreeTests.writes(count: 400, using: &random), version: version)
            largest = max(largest, walSize())
        }
        // A WAL the truncating checkpoints could not empty would keep growing with the commits.
        #expect(largest <= 2 << 20, "the WAL reached \(largest) bytes")
        #expect(reads.count.load(ordering: .relaxed) > 100)
        #expect(tree.checkpointer?.truncations ?? 0 >= 1, "commits waited for truncating checkpoints")
        #expect(tree.checkpointer?.failures == 0)
    }

    /// What the reader thread of ``walBoundedUnderReads()`` shares with the test.
    final class ReadCounter: Sendable {
        let done = Atomic(false)
        let count = Atomic(0)
    }

    @Test("a checkpoint finding the database busy or locked is no failure; any other error is kept")
    func checkpointErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tree = try StateTree(path: directory.appendingPathComponent("state.sqlite").path)
        let checkpointer = try #require(tree.checkpointer)
        checkpointer.record(DatabaseError(resultCode: .SQLITE_BUSY))
        checkpointer.record(DatabaseError(resultCode: .SQLITE_LOCKED))
        #expect(checkpointer.failures == 0)
        #expect(tree.lastCheckpointError == nil)
        checkpointer.record(DatabaseError(resultCode: .SQLITE_IOERR, message: "disk I/O error"))
        #expect(checkpointer.failures == 1)
        #expect(tree.lastCheckpointError != nil)
    }
}

extension StateGoldenVectors {
    /// BLAKE2b of the rows of ``StateTreeStorageTests/buildDigestTree()`` (``StateTreeStorageTests/storageDigest(_:)``),
    /// as the code before parallel commits wrote them.
    static let storageDigest = "abdef39962b80b8378a59d9af4d1ebbb56746e18bc2eb6e274a3b46b633d9cb9"
}
