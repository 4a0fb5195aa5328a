import Testing

@testable import Common

@Suite("Proofs: inclusion, exclusion and multiproofs verify, and tampering is caught")
struct ProofTests {
    /// A committed tree, its reference, and a mix of present and absent paths.
    static func fixture(seed: UInt64, keys: Int = 400) throws -> (StateTree, ReferenceState, [Hash]) {
        var random = SeededRandom(seed: seed)
        let tree = try StateTree.inMemory()
        let writes = StateTreeTests.writes(count: keys, using: &random)
        try tree.commit(writes, version: 1)
        var reference = ReferenceState()
        reference.apply(writes)
        var paths = Array(reference.values.keys.sorted().shuffled(using: &random).prefix(30))
        let present = paths
        for _ in 0..<20 { paths.append(random.hash()) }
        // Absent paths right next to present ones end at another key's leaf.
        for path in present.prefix(10) { paths.append(path.sibling(sharing: 200, using: &random)) }
        return (tree, reference, paths)
    }

    @Test("every proof proves the value or the absence the reference holds", arguments: [1, 2, 3])
    func singleProofs(seed: UInt64) throws {
        let (tree, reference, paths) = try Self.fixture(seed: seed)
        let root = try tree.rootHash()
        for path in paths {
            let proof = try tree.proof(for: path)
            #expect(proof == SparseMerkle.proof(path: path, sortedLeaves: reference.sortedLeaves))
            let proven = try proof.verify(path: path, root: root)
            #expect(proven == reference.values[path].map(SparseMerkle.valueHash))
            try proof.verify(path: path, value: reference.values[path], root: root)
            // The canonical encoding round-trips.
            #expect(try StateProof(canonicalBytes: proof.canonicalBytes) == proof)
        }
    }

    @Test("a tampered proof fails: a flipped sibling, another value, a proof for another path")
    func tamperedProofs() throws {
        let (tree, reference, paths) = try Self.fixture(seed: 4)
        let root = try tree.rootHash()
        let present = paths.first { reference.values[$0] != nil }!
        let proof = try tree.proof(for: present)
        var flipped = proof
        let index = flipped.siblings.firstIndex { $0 != .zero }!
        flipped.siblings[index] = Hash.blake2b(flipped.siblings[index].bytes)
        #expect(throws: StateError.self) { try flipped.verify(path: present, root: root) }
        var otherValue = proof
        otherValue.leaf?.valueHash = Hash.blake2b([0])
        #expect(throws: StateError.self) { try otherValue.verify(path: present, root: root) }
        #expect(throws: StateError.self) { try proof.verify(path: present, value: [9, 9, 9], root: root) }
        #expect(throws: StateError.self) { try proof.verify(path: present, value: nil, root: root) }
        // A proof of one key cannot claim the absence of another present key.
        let other = paths.last { reference.values[$0] != nil && $0 != present }!
        #expect(throws: StateError.self) { try proof.verify(path: other, value: nil, root: root) }
        // Dropping the leaf turns the proof into a false claim of absence.
        var noLeaf = proof
        noLeaf.leaf = nil
        #expect(throws: StateError.self) { try noLeaf.verify(path: present, root: root) }
    }

    @Test("a multiproof proves every path at once and matches the reference encoding", arguments: [5, 6, 7])
    func multiproofs(seed: UInt64) throws {
        let (tree, reference, paths) = try Self.fixture(seed: seed)
        let root = try tree.rootHash()
        let proof = try tree.multiproof(for: paths)
        #expect(proof == SparseMerkle.multiproof(paths: paths.sorted(), sortedLeaves: reference.sortedLeaves))
        let proven = try proof.verify(paths: paths, root: root)
        #expect(proven == paths.map { reference.values[$0].map(SparseMerkle.valueHash) })
        let decoded = try Multiproof(canonicalBytes: proof.canonicalBytes)
        #expect(decoded == proof)
        // Smaller than the single proofs it replaces.
        let singles = try paths.map { try tree.proof(for: $0).canonicalBytes.count }.reduce(0, +)
        #expect(proof.canonicalBytes.count < singles)
    }

    @Test("a multiproof for an empty tree or no paths still verifies")
    func multiproofEdges() throws {
        let empty = try StateTree.inMemory()
        try empty.commit([], version: 1)
        let path = Hash.blake2b([1])
        #expect(try empty.multiproof(for: [path]).verify(paths: [path], root: .zero) == [nil])
        let (tree, _, _) = try Self.fixture(seed: 8, keys: 50)
        #expect(try tree.multiproof(for: []).verify(paths: [], root: tree.rootHash()) == [])
    }

    @Test("a tampered multiproof fails")
    func tamperedMultiproof() throws {
        let (tree, _, paths) = try Self.fixture(seed: 9)
        let root = try tree.rootHash()
        let proof = try tree.multiproof(for: paths)
        var badHash = proof
        badHash.hashes[0] = Hash.blake2b(badHash.hashes[0].bytes)
        #expect(throws: StateError.self) { try badHash.verify(paths: paths, root: root) }
        var badLeaf = proof
        badLeaf.leaves[0].valueHash = .blake2b([1])
        #expect(throws: StateError.self) { try badLeaf.verify(paths: paths, root: root) }
        var extra = proof
        extra.hashes.append(.blake2b([2]))
        #expect(throws: StateError.invalidProof("the proof has unused entries")) {
            try extra.verify(paths: paths, root: root)
        }
        #expect(throws: StateError.invalidProof("path \(paths[0]) is listed twice")) {
            try proof.verify(paths: paths + [paths[0]], root: root)
        }
    }

    @Test("a multiproof never proves a falsehood: for other path sets it throws or tells the truth")
    func multiproofSoundness() throws {
        let (tree, reference, paths) = try Self.fixture(seed: 11)
        let root = try tree.rootHash()
        let proof = try tree.multiproof(for: paths)
        var random = SeededRandom(seed: 11)
        let others = Array(reference.values.keys.sorted().prefix(40)) + (0..<40).map { _ in random.hash() }
        var rejected = 0
        for _ in 0..<300 {
            var claimed = paths.filter { _ in Bool.random(using: &random) }
            claimed += others.filter { _ in Int.random(in: 0..<20, using: &random) == 0 }
            claimed = Array(Set(claimed)).sorted()
            do {
                let proven = try proof.verify(paths: claimed, root: root)
                #expect(proven == claimed.map { reference.values[$0].map(SparseMerkle.valueHash) })
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 0)
    }

    @Test("random and truncated bytes never crash the proof decoders")
    func decodersSurviveGarbage() throws {
        var random = SeededRandom(seed: 10)
        let (tree, _, paths) = try Self.fixture(seed: 10, keys: 100)
        let encodings = [
            try tree.multiproof(for: paths).canonicalBytes, try tree.proof(for: paths[0]).canonicalBytes,
            try tree.witness(for: paths).canonicalBytes,
        ]
        for encoding in encodings {
            for cut in stride(from: 0, to: encoding.count, by: max(1, encoding.count / 50)) {
                _ = try? Multiproof(canonicalBytes: Array(encoding.prefix(cut)))
                _ = try? StateProof(canonicalBytes: Array(encoding.prefix(cut)))
                _ = try? StateWitness(canonicalBytes: Array(encoding.prefix(cut)))
            }
        }
        for _ in 0..<2000 {
            let bytes = random.bytes(Int.random(in: 0...200, using: &random))
            if let proof = try? Multiproof(canonicalBytes: bytes) { _ = try? proof.verify(paths: paths, root: .zero) }
            if let proof = try? StateProof(canonicalBytes: bytes) { _ = try? proof.verify(path: paths[0], root: .zero) }
            _ = try? StateWitness(canonicalBytes: bytes)
        }
    }
}
