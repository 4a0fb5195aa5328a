import Testing

@testable import Common

@Suite("Witness store: re-execution on a recorded witness reproduces the real root")
struct WitnessTests {
    enum Operation {
        case read(Hash)
        case write(Hash, [UInt8])
        case delete(Hash)
    }

    /// A random computation over existing and new keys: reads, writes, deletes (of present and absent keys).
    static func operations(over existing: [Hash], using random: inout SeededRandom) -> [Operation] {
        (0..<300).map { _ in
            let path =
                Bool.random(using: &random) && !existing.isEmpty
                ? existing.randomElement(using: &random)! : random.hash()
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return .read(path)
            case 1: return .write(path, random.bytes(Int.random(in: 0...24, using: &random)))
            default: return .delete(path)
            }
        }
    }

    static func run<S: StateStore>(_ operations: [Operation], on store: inout S) throws -> [[UInt8]?] {
        var reads: [[UInt8]?] = []
        for operation in operations {
            switch operation {
            case .read(let path): reads.append(try store.get(path: path))
            case .write(let path, let value): try store.set(path: path, value)
            case .delete(let path): try store.delete(path: path)
            }
        }
        return reads
    }

    @Test("re-executing a random computation on its witness gives the same reads and root", arguments: 1...8)
    func reexecution(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let tree = try StateTree.inMemory()
        let initial = StateTreeTests.writes(count: Int.random(in: 0...500, using: &random), using: &random)
        try tree.commit(initial, version: 1)
        let preRoot = try tree.rootHash()
        let operations = Self.operations(over: initial.map(\.path), using: &random)

        var recording = RecordingStore(StateOverlay(tree: tree))
        let realReads = try Self.run(operations, on: &recording)
        let realRoot = try recording.root()
        let witness = try recording.witness()

        // The witness travels as bytes, as it would in a fraud proof.
        let decoded = try StateWitness(canonicalBytes: witness.canonicalBytes)
        var store = try WitnessStore(witness: decoded, root: preRoot)
        let witnessReads = try Self.run(operations, on: &store)
        #expect(witnessReads == realReads)
        #expect(store.root() == realRoot)

        // And the real store, committed, agrees.
        var overlay = recording.base
        #expect(try overlay.commit(version: 2) == realRoot)
    }

    @Test("deleting keys pulls sibling leaves up exactly as the full tree does")
    func deletionsCollapse() throws {
        var random = SeededRandom(seed: 42)
        let tree = try StateTree.inMemory()
        let a = random.hash()
        let b = a.sibling(sharing: 100, using: &random)
        let c = a.sibling(sharing: 3, using: &random)
        try tree.commit([a, b, c].map { StateWrite(path: $0, value: [1]) }, version: 1)
        let witness = try tree.witness(for: [a])
        var store = try WitnessStore(witness: witness, root: tree.rootHash())
        try store.delete(path: a)
        #expect(store.root() == (try tree.rootApplying([StateWrite(path: a, value: nil)])))
    }

    @Test("a lone sibling leaf cannot pose as an opaque subtree to skew the root after a deletion")
    func forgedOpaqueSibling() throws {
        // A goes left at the root, B right: the root is nodeHash(A, B).
        var random = SeededRandom(seed: 77)
        var a = random.hash()
        while a.bit(0) { a = random.hash() }
        let b = a.sibling(sharing: 0, using: &random)
        let tree = try StateTree.inMemory()
        try tree.commit([StateWrite(path: a, value: [1]), StateWrite(path: b, value: [2])], version: 1)
        let root = try tree.rootHash()
        let leafA = LeafEntry(path: a, valueHash: SparseMerkle.valueHash([1]))
        let leafB = LeafEntry(path: b, valueHash: SparseMerkle.valueHash([2]))
        // The forgery: B given as an opaque hash rather than as the leaf it is.
        let bare = StateWitness(
            entries: [.init(path: a, value: [1])],
            proof: Multiproof(ops: [.internal, .leaf, .hash], leaves: [leafA], hashes: [leafB.hash]))
        #expect(throws: StateError.self) { try WitnessStore(witness: bare, root: root) }
        let preimage = StateWitness(
            entries: [.init(path: a, value: [1])],
            proof: Multiproof(ops: [.internal, .leaf, .hash], leaves: [leafA], hashes: [.zero, leafB.hash]))
        #expect(throws: StateError.self) { try WitnessStore(witness: preimage, root: root) }
        // The honest witness deletes A and leaves B alone at the root, as the full tree does.
        var store = try WitnessStore(witness: tree.witness(for: [a]), root: root)
        try store.delete(path: a)
        #expect(store.root() == leafB.hash)
        #expect(store.root() == (try tree.rootApplying([StateWrite(path: a, value: nil)])))
    }

    @Test("recording refuses an overlay that already holds writes, whose witness would not verify")
    func recordingNeedsFreshOverlay() throws {
        let tree = try StateTree.inMemory()
        var overlay = StateOverlay(tree: tree)
        try overlay.set(path: .blake2b([1]), [1])
        #expect(throws: StateError.witnessOverPendingWrites(count: 1)) { try RecordingStore(fresh: overlay) }
        #expect(throws: Never.self) { try RecordingStore(fresh: StateOverlay(tree: tree)) }
    }

    @Test("a key outside the witness is refused loudly, for reads and writes")
    func outsideWitness() throws {
        var random = SeededRandom(seed: 3)
        let tree = try StateTree.inMemory()
        let writes = StateTreeTests.writes(count: 100, using: &random)
        try tree.commit(writes, version: 1)
        let covered = writes[0].path
        let outside = writes[1].path
        var store = try WitnessStore(witness: tree.witness(for: [covered]), root: tree.rootHash())
        #expect(throws: StateError.keyOutsideWitness(path: outside)) { try store.get(path: outside) }
        #expect(throws: StateError.keyOutsideWitness(path: outside)) { try store.set(path: outside, [1]) }
        #expect(throws: StateError.keyOutsideWitness(path: outside)) { try store.delete(path: outside) }
        #expect(try store.get(path: covered) == writes[0].value)
    }

    @Test("a witness with a forged value or for another root is rejected")
    func forgedWitness() throws {
        var random = SeededRandom(seed: 4)
        let tree = try StateTree.inMemory()
        let writes = StateTreeTests.writes(count: 100, using: &random)
        try tree.commit(writes, version: 1)
        let root = try tree.rootHash()
        let paths = writes.prefix(5).map(\.path)
        var witness = try tree.witness(for: paths)
        #expect(throws: StateError.self) { try WitnessStore(witness: witness, root: .blake2b([1])) }
        witness.entries[0].value = [0xFF, 0xFF]
        #expect(throws: StateError.self) { try WitnessStore(witness: witness, root: root) }
        witness = try tree.witness(for: paths)
        let index = witness.entries.firstIndex { $0.value != nil }!
        witness.entries[index].value = nil
        #expect(throws: StateError.self) { try WitnessStore(witness: witness, root: root) }
    }
}
