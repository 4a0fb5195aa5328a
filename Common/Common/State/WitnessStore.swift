/// A state store holding only the part of the tree a witness reveals, checked against a trusted root.
///
/// It reads, writes and deletes the witness's keys and computes the new root exactly as the full
/// store would, and throws ``StateError/keyOutsideWitness(path:)`` for any other key. This is what L1
/// runs to judge a fraud proof: the block is re-executed on the witness alone.
public struct WitnessStore: StateStore {
    private var tree: PartialNode
    private var values: [Hash: [UInt8]]
    private let covered: Set<Hash>

    /// Builds the store from `witness` and checks it against `root`.
    ///
    /// - Throws: ``StateError/rootMismatch(expected:computed:)`` if the witness is not of that root,
    ///   ``StateError/invalidProof(_:)`` if it is malformed or a value does not match its proof.
    public init(witness: StateWitness, root: Hash) throws(StateError) {
        let paths = witness.entries.map(\.path)
        for i in paths.indices.dropFirst() where !(paths[i - 1] < paths[i]) {
            throw .invalidProof("witness paths are not strictly increasing")
        }
        let tree = try witness.proof.reconstruct(sortedPaths: paths)
        let computed = tree.hash
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
        var values: [Hash: [UInt8]] = [:]
        for entry in witness.entries {
            let proven = tree.terminal(for: entry.path)?.valueHash
            switch (proven, entry.value) {
            case (nil, nil): break
            case (let hash?, let value?) where hash == SparseMerkle.valueHash(value):
                values[entry.path] = value
            default:
                throw .invalidProof("the value given for \(entry.path) does not match the proof")
            }
        }
        self.tree = tree
        self.values = values
        self.covered = Set(paths)
    }

    public func get(path: Hash) throws(StateError) -> [UInt8]? {
        guard covered.contains(path) else { throw .keyOutsideWitness(path: path) }
        return values[path]
    }

    public mutating func set(path: Hash, _ value: [UInt8]) throws(StateError) {
        guard covered.contains(path) else { throw .keyOutsideWitness(path: path) }
        try Self.checkSize(value)
        tree = try tree.inserting(LeafEntry(path: path, valueHash: SparseMerkle.valueHash(value)), depth: 0)
        values[path] = value
    }

    public mutating func delete(path: Hash) throws(StateError) {
        guard covered.contains(path) else { throw .keyOutsideWitness(path: path) }
        tree = try tree.removing(path, depth: 0)
        values[path] = nil
    }

    public func root() -> Hash { tree.hash }
}
