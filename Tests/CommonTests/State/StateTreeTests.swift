import Foundation
import Testing

@testable import Common

@Suite("State tree: the stored tree agrees with the definition of the root")
struct StateTreeTests {
    /// Random writes with clusters of paths sharing long prefixes, to exercise compaction.
    static func writes(count: Int, using random: inout SeededRandom) -> [StateWrite] {
        var writes: [StateWrite] = []
        while writes.count < count {
            let base = random.hash()
            writes.append(StateWrite(path: base, value: random.bytes(Int.random(in: 0...40, using: &random))))
            if Bool.random(using: &random) {
                let shared = Int.random(in: 0...250, using: &random)
                writes.append(StateWrite(path: base.sibling(sharing: shared, using: &random), value: random.bytes(8)))
            }
        }
        return writes
    }

    @Test("an empty tree has the zero root, a one-key tree the leaf hash", arguments: [0, 1])
    func smallTrees(keys: Int) throws {
        let tree = try StateTree.inMemory()
        var random = SeededRandom(seed: 1)
        let writes = Self.writes(count: keys, using: &random).prefix(keys)
        try tree.commit(Array(writes), version: 1)
        var reference = ReferenceState()
        reference.apply(Array(writes))
        #expect(try tree.rootHash() == reference.root)
        if keys == 0 { #expect(try tree.rootHash() == .zero) }
    }

    @Test("roots match the reference across commits of inserts, updates and deletes", arguments: [11, 22, 33])
    func matchesReference(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let tree = try StateTree.inMemory()
        var reference = ReferenceState()
        for version in 1...12 {
            var batch = Self.writes(count: Int.random(in: 0...300, using: &random), using: &random)
            // Update and delete some existing keys.
            for path in reference.values.keys.sorted().shuffled(using: &random).prefix(40) {
                batch.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(5)))
            }
            batch.shuffle(using: &random)
            let root = try tree.commit(batch, version: UInt64(version))
            reference.apply(batch)
            #expect(root == reference.root, "version \(version)")
            for path in reference.values.keys.sorted().prefix(50) {
                #expect(try tree.value(at: path) == reference.values[path])
            }
        }
        // Delete everything: back to the empty root.
        let all = reference.values.keys.map { StateWrite(path: $0, value: nil) }
        #expect(try tree.commit(all, version: 100) == .zero)
    }

    @Test("the root does not depend on the order or batching of writes")
    func orderIndependence() throws {
        var random = SeededRandom(seed: 7)
        let writes = Self.writes(count: 500, using: &random)
        let one = try StateTree.inMemory()
        let rootInOne = try one.commit(writes, version: 1)
        let many = try StateTree.inMemory()
        var shuffled = writes
        shuffled.shuffle(using: &random)
        var version: UInt64 = 0
        for chunk in stride(from: 0, to: shuffled.count, by: 37) {
            version += 1
            try many.commit(Array(shuffled[chunk..<min(chunk + 37, shuffled.count)]), version: version)
        }
        #expect(try many.rootHash() == rootInOne)
    }

    @Test("large commits, updated on all cores, give the reference root and read back", arguments: [21, 22])
    func largeCommits(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let tree = try StateTree.inMemory()
        var reference = ReferenceState()
        for version in UInt64(1)...3 {
            var batch = Self.writes(count: StateTree.parallelThreshold + 500, using: &random)
            for path in reference.values.keys.sorted().shuffled(using: &random).prefix(800) {
                batch.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(3)))
            }
            let root = try tree.commit(batch, version: version)
            reference.apply(batch)
            #expect(root == reference.root, "version \(version)")
        }
        for path in reference.values.keys.sorted().prefix(200) {
            #expect(try tree.value(at: path) == reference.values[path])
        }
        // Deleting everything in one large commit empties the tree.
        #expect(try tree.commit(reference.values.keys.map { StateWrite(path: $0, value: nil) }, version: 4) == .zero)
    }

    @Test("large commits with a small node cache read their nodes from the database on all cores")
    func largeCommitsUncached() throws {
        var random = SeededRandom(seed: 23)
        // Only the top two levels stay cached: the workers read every deeper node from the database.
        let tree = try StateTree.inMemory(options: .init(nodeCacheCapacity: 8))
        var reference = ReferenceState()
        for version in UInt64(1)...3 {
            var batch = Self.writes(count: StateTree.parallelThreshold + 500, using: &random)
            for path in reference.values.keys.sorted().shuffled(using: &random).prefix(800) {
                batch.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(3)))
            }
            let root = try tree.commit(batch, version: version)
            reference.apply(batch)
            #expect(root == reference.root, "version \(version)")
        }
    }

    @Test("a dry run gives the root a commit would give, and leaves the tree and its node cache as they were")
    func dryRun() throws {
        var random = SeededRandom(seed: 31)
        let tree = try StateTree.inMemory()
        var reference = ReferenceState()
        let first = Self.writes(count: StateTree.parallelThreshold + 100, using: &random)
        try tree.commit(first, version: 1)
        reference.apply(first)
        let cached = tree.cache.count
        let second = Self.writes(count: StateTree.parallelThreshold + 100, using: &random)
        var applied = reference
        applied.apply(second)
        #expect(try tree.rootApplying(second) == applied.root)
        #expect(try tree.rootHash() == reference.root)
        #expect(tree.cache.count == cached)
        #expect(tree.cache.node(at: .root, version: 1) != nil)
        let third = Self.writes(count: 300, using: &random)
        reference.apply(third)
        #expect(try tree.commit(third, version: 2) == reference.root)
    }

    @Test("a path written twice in one commit keeps its last write")
    func lastWriteWins() throws {
        let tree = try StateTree.inMemory()
        let path = Hash.blake2b([1])
        try tree.commit(
            [
                StateWrite(path: path, value: [1]), StateWrite(path: path, value: nil),
                StateWrite(path: path, value: [3]),
            ],
            version: 1)
        #expect(try tree.value(at: path) == [3])
    }

    @Test("versions must increase and oversized values are refused, leaving the tree untouched")
    func rejectsBadCommits() throws {
        let tree = try StateTree.inMemory()
        try tree.commit([StateWrite(path: .blake2b([1]), value: [1])], version: 5)
        let root = try tree.rootHash()
        #expect(throws: StateError.versionNotIncreasing(version: 5, latest: 5)) {
            try tree.commit([StateWrite(path: .blake2b([2]), value: [2])], version: 5)
        }
        let big = [UInt8](repeating: 0, count: SparseMerkle.maxValueBytes + 1)
        #expect(throws: StateError.valueTooLarge(bytes: big.count, cap: SparseMerkle.maxValueBytes)) {
            try tree.commit([StateWrite(path: .blake2b([3]), value: big)], version: 6)
        }
        #expect(try tree.rootHash() == root)
        #expect(tree.latestVersion == 5)
    }

    @Test("older versions stay readable and provable until pruned, then report unavailable")
    func versionsAndPruning() throws {
        var random = SeededRandom(seed: 5)
        let tree = try StateTree.inMemory()
        var roots: [UInt64: Hash] = [:]
        var snapshots: [UInt64: ReferenceState] = [:]
        var reference = ReferenceState()
        let path = random.hash()
        for version in UInt64(1)...8 {
            var batch = Self.writes(count: 200, using: &random)
            batch.append(StateWrite(path: path, value: Array("v\(version)".utf8)))
            roots[version] = try tree.commit(batch, version: version)
            reference.apply(batch)
            snapshots[version] = reference
        }
        for version in UInt64(1)...8 {
            #expect(try tree.rootHash(at: version) == roots[version])
            #expect(try tree.value(at: path, version: version) == Array("v\(version)".utf8))
            let proof = try tree.proof(for: path, version: version)
            try proof.verify(path: path, value: Array("v\(version)".utf8), root: roots[version]!)
        }
        let nodesBefore = try tree.database { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state_nodes")! }
        try tree.prune(keepingFrom: 6)
        let nodesAfter = try tree.database { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state_nodes")! }
        #expect(nodesAfter < nodesBefore)
        #expect(throws: StateError.versionUnavailable(version: 5, oldest: 6, latest: 8)) {
            try tree.rootHash(at: 5)
        }
        // Every kept version is still complete: all its values read back.
        for version in UInt64(6)...8 {
            #expect(try tree.rootHash(at: version) == roots[version])
            for (key, value) in snapshots[version]!.values {
                #expect(try tree.value(at: key, version: version) == value)
            }
        }
    }

    @Test("a tree reopened from its file has the same versions, roots and values")
    func reopen() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("state.sqlite").path
        var random = SeededRandom(seed: 9)
        let writes = Self.writes(count: 300, using: &random)
        let root: Hash
        do {
            let tree = try StateTree(path: file)
            try tree.commit(Array(writes.prefix(150)), version: 1)
            root = try tree.commit(Array(writes.dropFirst(150)), version: 2)
        }
        let reopened = try StateTree(path: file)
        #expect(reopened.latestVersion == 2)
        #expect(reopened.oldestVersion == 1)
        #expect(try reopened.rootHash() == root)
        var reference = ReferenceState()
        reference.apply(writes)
        for (key, value) in reference.values { #expect(try reopened.value(at: key) == value) }
        // And it goes on committing from there.
        try reopened.commit([StateWrite(path: writes[0].path, value: nil)], version: 3)
        reference.apply([StateWrite(path: writes[0].path, value: nil)])
        #expect(try reopened.rootHash() == reference.root)
    }

    @Test("a tree on file copies its commits from the WAL into the database file in the background")
    func backgroundCheckpoint() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("state.sqlite").path
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0 }
        let tree = try StateTree(path: file)
        let empty = try fileSize()
        var random = SeededRandom(seed: 10)
        try tree.commit(Self.writes(count: 3000, using: &random), version: 1)
        tree.checkpointer?.waitUntilIdle()
        // SQLite's own checkpoint would wait for 64 MiB of WAL; this commit wrote far less.
        #expect(try fileSize() > empty + 100_000, "the database file did not grow from \(empty) bytes")
        #expect(try tree.rootHash() != .zero)
    }

    @Test("a stored root is pinned: the same writes give this root in any process (golden vector)")
    func goldenRoot() throws {
        let tree = try StateTree.inMemory()
        let writes = (0..<1000).map { i in
            StateWrite(path: StateKey(namespace: "golden", "key-\(i)").path, value: Array("value-\(i)".utf8))
        }
        let root = try tree.commit(writes.reversed(), version: 1)
        var reference = ReferenceState()
        reference.apply(writes)
        #expect(root == reference.root)
        #expect(root.description == StateGoldenVectors.thousandKeysRoot, "root is \(root)")
    }
}

enum StateGoldenVectors {
    /// Root of namespace "golden", keys "key-0"..."key-999" holding "value-0"..."value-999" (docs/encoding.md).
    static let thousandKeysRoot = "28b8a3923a5284d20606f275c05f93015e666386e43f9e6d156304c428a07022"
}
