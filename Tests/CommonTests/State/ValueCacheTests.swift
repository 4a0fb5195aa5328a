import Foundation
import Testing

@testable import Common

@Suite("The state tree's value cache: answers only what the versions hold")
struct ValueCacheTests {
    static let (p, q, r) = (Hash.blake2b([1]), Hash.blake2b([2]), Hash.blake2b([3]))

    @Test("a value read or written is served at the versions that hold it, never at an older one")
    func versions() throws {
        let tree = try StateTree.inMemory()
        try tree.commit([StateWrite(path: Self.p, value: [0xa]), StateWrite(path: Self.q, value: [0xb])], version: 0)
        #expect(try tree.value(at: Self.p) == [0xa])
        #expect(try tree.value(at: Self.r) == nil, "known absent from version 0 on")
        try tree.commit([StateWrite(path: Self.p, value: [0xc]), StateWrite(path: Self.q, value: nil)], version: 1)
        try tree.commit([StateWrite(path: Self.p, value: [0xa]), StateWrite(path: Self.r, value: [0xd])], version: 2)
        let expected: [(Hash, UInt64, [UInt8]?)] = [
            (Self.p, 0, [0xa]), (Self.p, 1, [0xc]), (Self.p, 2, [0xa]),
            (Self.q, 0, [0xb]), (Self.q, 1, nil), (Self.q, 2, nil),
            (Self.r, 0, nil), (Self.r, 1, nil), (Self.r, 2, [0xd]),
        ]
        // Twice: the first pass fills the cache, the second is answered from it where it may be.
        for _ in 0..<2 {
            for (path, version, value) in expected { #expect(try tree.value(at: path, version: version) == value) }
        }
        try tree.prune(keepingFrom: 2)
        #expect(throws: StateError.self, "a pruned version is refused, cached or not") {
            try tree.value(at: Self.p, version: 0)
        }
        #expect(try tree.value(at: Self.p, version: 2) == [0xa])
    }

    @Test("a cache far smaller than the state evicts as it goes and answers as the reference", arguments: [0, 600])
    func smallCache(bytes: Int) throws {
        var random = SeededRandom(seed: 12)
        let tree = try StateTree.inMemory(options: StateTree.Options(valueCacheBytes: bytes))
        let paths = (0..<120).map { _ in random.hash() }
        var snapshots: [[Hash: [UInt8]]] = []
        var state: [Hash: [UInt8]] = [:]
        for version in 0..<12 {
            let writes = paths.shuffled(using: &random).prefix(40).map {
                StateWrite(path: $0, value: Bool.random(using: &random) ? nil : random.bytes(5))
            }
            for write in writes { state[write.path] = write.value }
            try tree.commit(writes, version: UInt64(version))
            snapshots.append(state)
            var wrong = 0
            for _ in 0..<200 {
                let path = paths[Int.random(in: 0..<paths.count, using: &random)]
                let at = Int.random(in: 0...version, using: &random)
                if try tree.value(at: path, version: UInt64(at)) != snapshots[at][path] { wrong += 1 }
                if try tree.value(at: path) != state[path] { wrong += 1 }
            }
            #expect(wrong == 0, "version \(version)")
        }
    }

    @Test("paths read again outlive the turns of generations; paths written once and not read go")
    func generations() {
        var cache = ValueCache(capacityBytes: 40 * (ValueCache.entryOverhead + 4))
        var random = SeededRandom(seed: 5)
        let hot = (0..<5).map { _ in random.hash() }
        for path in hot { cache.remember([1, 2, 3, 4], at: path, since: 0) }
        let cold = (0..<400).map { _ in random.hash() }
        var hotMisses = 0
        for (index, path) in cold.enumerated() {
            let version = UInt64(index + 1)
            cache.remember([5, 6, 7, 8], at: path, since: version)
            // Every block reads the hot paths again.
            for path in hot where cache.value(at: path, version: version) == nil { hotMisses += 1 }
            #expect(cache.bytes <= cache.capacityBytes)
        }
        #expect(hotMisses == 0)
        let coldKept = cold.filter { cache.recent[$0] != nil || cache.older[$0] != nil }.count
        #expect(coldKept < 40, "most paths written once went: \(coldKept) of 400 kept")
        #expect(cache.value(at: cold[399], version: 400) == .some([5, 6, 7, 8]))
    }

    @Test("an entry moved back from the older generation is still newest-first: a later write wins")
    func promotionKeepsTheNewest() {
        var cache = ValueCache(capacityBytes: 6 * (ValueCache.entryOverhead + 1))  // three entries a generation
        let (p, q, r, s, t) = (Self.p, Self.q, Self.r, Hash.blake2b([4]), Hash.blake2b([5]))
        for path in [p, q, r] { cache.remember([1], at: path, since: 1) }
        cache.remember([2], at: p, since: 2)  // the turn: p's newest value is recent, a stale copy older
        #expect(cache.recent.count == 1 && cache.older.count == 3)
        #expect(cache.value(at: p, version: 2) == .some([2]))
        #expect(cache.value(at: p, version: 1) == nil, "an older version is not answered from a newer value")
        #expect(cache.value(at: q, version: 2) == .some([1]))  // q moves back to recent
        cache.remember([3], at: s, since: 3)
        cache.remember([3], at: t, since: 3)  // the next turn: the stale copy of p goes with r
        #expect(cache.recent.count == 1 && cache.older.count == 3)
        #expect(cache.value(at: p, version: 3) == .some([2]), "p's newest value outlives the turn")
        #expect(cache.value(at: r, version: 3) == nil, "r was neither read nor written since the last turn")
        #expect(cache.value(at: q, version: 3) == .some([1]))
    }
}
