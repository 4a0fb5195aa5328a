import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Common

@Suite("Stacked overlays and a tree shared by a writer and a reader: the next block on one still being written")
struct StackedOverlayTests {
    /// Random updates and deletions of `count` of `reference`'s paths, and inserts of as many new ones.
    static func changes(of reference: ReferenceState, count: Int, using random: inout SeededRandom) -> [StateWrite] {
        var writes = StateTreeTests.writes(count: count, using: &random)
        for path in reference.values.keys.sorted().shuffled(using: &random).prefix(count) {
            writes.append(StateWrite(path: path, value: Bool.random(using: &random) ? nil : random.bytes(6)))
        }
        return writes.shuffled(using: &random)
    }

    static func apply(_ writes: [StateWrite], to overlay: inout StateOverlay) throws {
        for write in writes {
            if let value = write.value {
                try overlay.set(path: write.path, value)
            } else {
                try overlay.delete(path: write.path)
            }
        }
    }

    /// Every path in `paths` reads through `overlay` as `reference` has it.
    static func expectReads(_ overlay: inout StateOverlay, _ reference: ReferenceState, paths: [Hash]) throws {
        var mismatches = 0
        for path in paths where try overlay.get(path: path) != reference.values[path] { mismatches += 1 }
        #expect(mismatches == 0)
    }

    @Test("stacked on a sealed overlay, it reads the sealed writes before and after their commit; its root waits")
    func stackedReadsAndCommits() throws {
        var random = SeededRandom(seed: 77)
        let (tree, fresh, start) = try PreparedCommitTests.twins(count: 400, version: 0, using: &random)
        let first = Self.changes(of: start, count: 150, using: &random)
        var afterFirst = start
        afterFirst.apply(first)
        var sealed = StateOverlay(tree: tree)
        // Read first, so that the tree's value cache holds values the writes then replace.
        try Self.expectReads(&sealed, start, paths: Array(start.values.keys) + first.map(\.path))
        try Self.apply(first, to: &sealed)
        let firstRoot = try sealed.root()
        #expect(firstRoot == afterFirst.root)

        var stacked = StateOverlay(stackedOn: sealed)
        #expect(stacked.baseVersion == 1)
        let paths = Array(start.values.keys) + first.map(\.path)
        try Self.expectReads(&stacked, afterFirst, paths: paths)

        let second = Self.changes(of: afterFirst, count: 150, using: &random)
        var afterSecond = afterFirst
        afterSecond.apply(second)
        try Self.apply(second, to: &stacked)
        #expect(throws: StateError.self, "its base version is not committed yet") { try stacked.root() }
        // Stacked on an overlay whose own base is not written: it reads through both layers.
        var third = StateOverlay(stackedOn: stacked)
        #expect(third.baseVersion == 2)
        try Self.expectReads(&third, afterSecond, paths: paths + second.map(\.path))

        #expect(try sealed.commit(version: 1) == firstRoot)
        try Self.expectReads(&stacked, afterSecond, paths: paths + second.map(\.path))
        try Self.expectReads(&third, afterSecond, paths: paths + second.map(\.path))
        let secondRoot = try stacked.root()
        #expect(secondRoot == afterSecond.root)
        #expect(try stacked.commit(version: 2) == secondRoot)
        try Self.expectReads(&third, afterSecond, paths: paths + second.map(\.path))

        #expect(try fresh.commit(first, version: 1) == firstRoot)
        #expect(try fresh.commit(second, version: 2) == secondRoot)
        #expect(try StateTreeStorageTests.storageDigest(tree) == StateTreeStorageTests.storageDigest(fresh))
    }

    @Test("a chain of blocks, each on an overlay stacked on the last, reads as the reference all along")
    func stackedChain() throws {
        var random = SeededRandom(seed: 303)
        let (tree, fresh, start) = try PreparedCommitTests.twins(count: 300, version: 0, using: &random)
        var reference = start
        var paths = Array(start.values.keys)
        var overlay = StateOverlay(tree: tree)
        var sealed: StateOverlay?
        for version in 1...8 {
            // Reads before the writes, so that the tree's value cache holds what they replace.
            try Self.expectReads(&overlay, reference, paths: paths)
            let writes = Self.changes(of: reference, count: 60, using: &random)
            try Self.apply(writes, to: &overlay)
            reference.apply(writes)
            paths += writes.map(\.path)
            try Self.expectReads(&overlay, reference, paths: paths)
            // The previous block is committed only now, as the sequencer's writer would by the time this seals.
            if var previous = sealed { try previous.commit(version: UInt64(version - 1)) }
            #expect(try overlay.root() == reference.root)
            sealed = overlay
            overlay = StateOverlay(stackedOn: overlay)
            try fresh.commit(writes, version: UInt64(version))
        }
        if var last = sealed { try last.commit(version: 8) }
        try Self.expectReads(&overlay, reference, paths: paths)
        #expect(try StateTreeStorageTests.storageDigest(tree) == StateTreeStorageTests.storageDigest(fresh))
    }

    @Test("an overlay stacked on a sealed block that wrote nothing is still stacked: reads go below its base")
    func stackedOnEmpty() throws {
        var random = SeededRandom(seed: 8)
        let (tree, _, start) = try PreparedCommitTests.twins(count: 50, version: 0, using: &random)
        let empty = StateOverlay(tree: tree)
        let stacked = StateOverlay(stackedOn: empty)
        // Version 1 is not written: reads must go to version 0, through both levels.
        var again = StateOverlay(stackedOn: stacked)
        #expect(again.baseVersion == 2)
        try Self.expectReads(&again, start, paths: Array(start.values.keys))
    }

    /// What the reader thread and the test share.
    final class Shared: Sendable {
        let done = Atomic(false)
        let outcome = Mutex((reads: 0, wrong: [String]()))
    }

    @Test(
        "a reader on another thread sees whole versions while a writer prepares and writes commits",
        arguments: ["in memory", "in a file (commits written on a second connection)"])
    func readerBesideWriter(storage: String) throws {
        var random = SeededRandom(seed: 91)
        let keys = (0..<300).map { _ in random.hash() }
        // Version v writes a random third of the keys, each with a value naming v; `snapshots[v]` is the state.
        var snapshots: [[Hash: [UInt8]]] = [[:]]
        var commits: [[StateWrite]] = [keys.map { StateWrite(path: $0, value: [0]) }]
        snapshots[0] = Dictionary(uniqueKeysWithValues: keys.map { ($0, [UInt8(0)]) })
        for version in 1..<60 {
            let writes = keys.shuffled(using: &random).prefix(100).map {
                StateWrite(path: $0, value: [UInt8(version), UInt8.random(in: 0...255, using: &random)])
            }
            var state = snapshots[version - 1]
            for write in writes { state[write.path] = write.value }
            snapshots.append(state)
            commits.append(writes)
        }
        // A small cache, so that reads and walks evict and reload nodes.
        let options = StateTree.Options(nodeCacheCapacity: 200, durable: false)
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let tree =
            storage == "in memory"
            ? try StateTree.inMemory(options: options)
            : try StateTree(path: directory.url.appendingPathComponent("state.sqlite").path, options: options)
        try tree.commit(commits[0], version: 0)

        let shared = Shared()
        let reader = Thread { [snapshots] in
            var random = SeededRandom(seed: 5)
            while !shared.done.load(ordering: .acquiring) {
                guard let version = tree.latestVersion else { continue }
                let key = keys[Int.random(in: 0..<keys.count, using: &random)]
                do {
                    let old = try tree.value(at: key, version: version)
                    let latest = try tree.value(at: key)
                    let newest = Int(tree.latestVersion ?? 0)
                    let latestMatches = (Int(version)...newest).contains { snapshots[$0][key] == latest }
                    shared.outcome.withLock {
                        $0.reads += 1
                        if old != snapshots[Int(version)][key] {
                            $0.wrong.append("version \(version) read \(old ?? [])")
                        }
                        if !latestMatches { $0.wrong.append("the latest read \(latest ?? []), not of \(version)...") }
                    }
                } catch {
                    shared.outcome.withLock { $0.wrong.append("\(error)") }
                }
            }
        }
        reader.start()
        for version in 1..<commits.count {
            if version % 3 == 0 {
                try tree.commit(commits[version], version: UInt64(version))
            } else {
                let prepared = try tree.prepareCommit(commits[version], version: UInt64(version))
                try tree.commit(prepared)
            }
        }
        // Let the reader see the last version too.
        let readsAtEnd = shared.outcome.withLock { $0.reads }
        while shared.outcome.withLock({ $0.reads }) < readsAtEnd + 50 { usleep(1000) }
        shared.done.store(true, ordering: .releasing)
        let result = shared.outcome.withLock { $0 }
        #expect(result.wrong.isEmpty, "\(result.wrong.prefix(5))")
        #expect(result.reads > 50)
        for (key, value) in snapshots[commits.count - 1] { #expect(try tree.value(at: key) == value) }
    }
}
