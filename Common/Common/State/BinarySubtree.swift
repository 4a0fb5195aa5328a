/// What a proof generator sees of one node of the (binary, compacted) sparse Merkle tree.
enum SubtreeKind: Equatable {
    /// No leaves below.
    case empty
    /// Exactly one leaf below (compacted: the leaf stands for the whole subtree).
    case leaf(LeafEntry)
    /// Two or more leaves below.
    case `internal`
}

/// A read-only binary view of a sparse Merkle tree, whatever its storage, from which proofs are built.
protocol BinarySubtree {
    /// What this node is.
    var kind: SubtreeKind { get }
    /// The node's hash (only asked of internal nodes that a proof leaves opaque).
    func hash() throws(StateError) -> Hash
    /// The two children of an internal node.
    func children() throws(StateError) -> (left: Self, right: Self)
    /// The hashes of the two children of an internal node (cheaper than the children themselves).
    func childHashes() throws(StateError) -> (left: Hash, right: Hash)
}

extension BinarySubtree {
    func childHashes() throws(StateError) -> (left: Hash, right: Hash) {
        let (left, right) = try children()
        return (try ProofBuilder.hashOf(left), try ProofBuilder.hashOf(right))
    }
}

/// A subtree given as a sorted slice of leaves all sharing the first `depth` bits: the reference
/// model of the tree, used for small trees and to check the stored tree in tests.
struct SortedLeavesSubtree: BinarySubtree {
    let leaves: ArraySlice<LeafEntry>
    let depth: Int

    var kind: SubtreeKind {
        switch leaves.count {
        case 0: .empty
        case 1: .leaf(leaves[leaves.startIndex])
        default: .internal
        }
    }

    func hash() -> Hash { SparseMerkle.root(sortedLeaves: leaves, depth: depth) }

    func children() -> (left: SortedLeavesSubtree, right: SortedLeavesSubtree) {
        let split = leaves.firstIndex { $0.path.bit(depth) } ?? leaves.endIndex
        return (
            SortedLeavesSubtree(leaves: leaves[leaves.startIndex..<split], depth: depth + 1),
            SortedLeavesSubtree(leaves: leaves[split..<leaves.endIndex], depth: depth + 1)
        )
    }
}

extension SparseMerkle {
    /// The root of a tree holding exactly `leaves`, which must be sorted by path with no duplicates
    /// (not checked: this is the reference model for tests, not an API for input).
    ///
    /// This is the definition of the root, written as directly as possible; stored trees must agree.
    static func root(sortedLeaves leaves: some Collection<LeafEntry>) -> Hash {
        root(sortedLeaves: ArraySlice(leaves), depth: 0)
    }

    static func root(sortedLeaves leaves: ArraySlice<LeafEntry>, depth: Int) -> Hash {
        switch leaves.count {
        case 0: return .zero
        case 1: return leaves[leaves.startIndex].hash
        default:
            let split = leaves.firstIndex { $0.path.bit(depth) } ?? leaves.endIndex
            return nodeHash(
                root(sortedLeaves: leaves[leaves.startIndex..<split], depth: depth + 1),
                root(sortedLeaves: leaves[split..<leaves.endIndex], depth: depth + 1))
        }
    }

    /// A proof for `path` over a tree holding exactly `leaves` (sorted by path, no duplicates).
    static func proof(path: Hash, sortedLeaves leaves: [LeafEntry]) -> StateProof {
        // The reference subtree never throws.
        (try? ProofBuilder.proof(path: path, root: SortedLeavesSubtree(leaves: leaves[...], depth: 0)))
            ?? StateProof(leaf: nil, siblings: [])
    }

    /// A multiproof for `paths` (sorted, no duplicates) over a tree holding exactly `leaves`.
    static func multiproof(paths: [Hash], sortedLeaves leaves: [LeafEntry]) -> Multiproof {
        (try? ProofBuilder.multiproof(paths: paths[...], root: SortedLeavesSubtree(leaves: leaves[...], depth: 0)))
            ?? Multiproof(ops: [], leaves: [], hashes: [])
    }
}

/// Builds proofs from any ``BinarySubtree``.
enum ProofBuilder {
    /// The single proof for `path`.
    static func proof<T: BinarySubtree>(path: Hash, root: T) throws(StateError) -> StateProof {
        var siblings: [Hash] = []
        var node = root
        while true {
            switch node.kind {
            case .empty: return StateProof(leaf: nil, siblings: siblings)
            case .leaf(let leaf): return StateProof(leaf: leaf, siblings: siblings)
            case .internal:
                let (left, right) = try node.children()
                let goRight = path.bit(siblings.count)
                siblings.append(try hashOf(goRight ? left : right))
                node = goRight ? right : left
            }
        }
    }

    /// The multiproof for `paths`, which must be sorted with no duplicates.
    static func multiproof<T: BinarySubtree>(paths: ArraySlice<Hash>, root: T) throws(StateError) -> Multiproof {
        var proof = Multiproof(ops: [], leaves: [], hashes: [])
        if paths.isEmpty {
            try opaque(root, into: &proof)
        } else {
            try keyed(root, paths: paths, depth: 0, into: &proof)
        }
        return proof
    }

    static func hashOf<T: BinarySubtree>(_ node: T) throws(StateError) -> Hash {
        switch node.kind {
        case .empty: .zero
        case .leaf(let leaf): leaf.hash
        case .internal: try node.hash()
        }
    }

    private static func keyed<T: BinarySubtree>(
        _ node: T, paths: ArraySlice<Hash>, depth: Int, into proof: inout Multiproof
    ) throws(StateError) {
        // A terminal node is written the same way on and off the proven paths.
        guard case .internal = node.kind else { return try opaque(node, into: &proof) }
        proof.ops.append(.internal)
        let (left, right) = try node.children()
        let split = paths.firstIndex { $0.bit(depth) } ?? paths.endIndex
        let leftPaths = paths[paths.startIndex..<split]
        let rightPaths = paths[split..<paths.endIndex]
        if leftPaths.isEmpty {
            try opaque(left, into: &proof)
        } else {
            try keyed(left, paths: leftPaths, depth: depth + 1, into: &proof)
        }
        if rightPaths.isEmpty {
            try opaque(right, into: &proof)
        } else {
            try keyed(right, paths: rightPaths, depth: depth + 1, into: &proof)
        }
    }

    private static func opaque<T: BinarySubtree>(_ node: T, into proof: inout Multiproof) throws(StateError) {
        switch node.kind {
        case .empty: proof.ops.append(.empty)
        case .leaf(let leaf):
            proof.ops.append(.leaf)
            proof.leaves.append(leaf)
        case .internal:
            // An opaque subtree is given by its two children, so the verifier hashes a node itself and
            // knows it holds two or more leaves (a lone leaf could otherwise pose as a subtree).
            let (left, right) = try node.childHashes()
            proof.ops.append(.hash)
            proof.hashes.append(left)
            proof.hashes.append(right)
        }
    }
}
