/// One proof for many paths at once: the part of the tree their descents visit, each node once.
///
/// It is a pre-order walk of that part of the tree written as a stream of operations. Walking the
/// subtree that holds some of the proven paths, an operation says what the node is: ``Op/empty``,
/// ``Op/leaf`` (the next entry of ``leaves``) or ``Op/internal`` (its two children follow). A child that
/// holds none of the proven paths is written whole as ``Op/empty``, ``Op/leaf``, or ``Op/hash`` (the next
/// two entries of ``hashes``: the children of a subtree of two or more leaves, which the verifier hashes
/// into the subtree's hash). Sibling leaves are given as leaves, and sibling subtrees as a node preimage
/// rather than a bare hash, so that a witness built from the proof knows which siblings are single
/// leaves: a deletion pulls a lone sibling leaf up the tree, and a forged proof must not be able to hide
/// one.
public struct Multiproof: Hashable, Sendable {
    /// What the next node of the walk is.
    public enum Op: UInt8, Sendable {
        /// An empty subtree.
        case empty = 0
        /// A single leaf: the next entry of ``Multiproof/leaves``.
        case leaf = 1
        /// An internal node on a proven path; its two children follow.
        case `internal` = 2
        /// A subtree off the proven paths, two or more leaves: its two children are the next two entries of
        /// ``Multiproof/hashes``.
        case hash = 3
    }

    /// The walk, in pre-order.
    public var ops: [Op]
    /// The leaves met by the walk, in order.
    public var leaves: [LeafEntry]
    /// The children of the opaque subtrees met by the walk, two per subtree, in order.
    public var hashes: [Hash]

    /// Caps on decoded sizes: far above any block's witness, far below what would exhaust memory.
    public static let maxOps = 1 << 24
    /// The most leaves a multiproof may carry.
    public static let maxLeaves = 1 << 22
    /// The most opaque hashes a multiproof may carry.
    public static let maxHashes = 1 << 23

    /// Creates a multiproof.
    public init(ops: [Op], leaves: [LeafEntry], hashes: [Hash]) {
        self.ops = ops
        self.leaves = leaves
        self.hashes = hashes
    }

    /// Checks the proof for `paths` against `root` and returns, for each path in the order given,
    /// the value hash stored there or `nil` where the path is absent.
    public func verify(paths: [Hash], root: Hash) throws(StateError) -> [Hash?] {
        let sorted = try Self.sortedUnique(paths)
        let tree = try reconstruct(sortedPaths: sorted)
        let computed = tree.hash
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
        return paths.map { tree.terminal(for: $0)?.valueHash }
    }

    /// Rebuilds the partial tree the proof describes for `sortedPaths` (sorted, unique), checking
    /// that every leaf sits where the walk puts it and that the whole proof is used.
    func reconstruct(sortedPaths: [Hash]) throws(StateError) -> PartialNode {
        var cursor = Cursor(proof: self)
        let tree: PartialNode
        if sortedPaths.isEmpty {
            tree = try cursor.opaque(depth: 0, reference: nil)
        } else {
            tree = try cursor.keyed(paths: sortedPaths[...], depth: 0)
        }
        guard cursor.op == ops.count, cursor.leaf == leaves.count, cursor.hash == hashes.count else {
            throw .invalidProof("the proof has unused entries")
        }
        return tree
    }

    static func sortedUnique(_ paths: [Hash]) throws(StateError) -> [Hash] {
        let sorted = paths.sorted()
        for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] {
            throw .invalidProof("path \(sorted[i]) is listed twice")
        }
        return sorted
    }

    private struct Cursor {
        let proof: Multiproof
        var op = 0
        var leaf = 0
        var hash = 0

        mutating func nextOp() throws(StateError) -> Op {
            guard op < proof.ops.count else { throw .invalidProof("the walk needs more operations") }
            defer { op += 1 }
            return proof.ops[op]
        }

        mutating func nextLeaf() throws(StateError) -> LeafEntry {
            guard leaf < proof.leaves.count else { throw .invalidProof("the walk needs more leaves") }
            defer { leaf += 1 }
            return proof.leaves[leaf]
        }

        /// The hash of the next opaque subtree, computed from its two children.
        mutating func nextSubtree() throws(StateError) -> Hash {
            guard hash + 1 < proof.hashes.count else { throw .invalidProof("the walk needs more hashes") }
            defer { hash += 2 }
            let (left, right) = (proof.hashes[hash], proof.hashes[hash + 1])
            guard left != .zero || right != .zero else {
                throw .invalidProof("an opaque subtree has two empty children")
            }
            return SparseMerkle.nodeHash(left, right)
        }

        /// A subtree that holds `paths` (non-empty), all sharing their first `depth` bits.
        mutating func keyed(paths: ArraySlice<Hash>, depth: Int) throws(StateError) -> PartialNode {
            let first = paths[paths.startIndex]
            switch try nextOp() {
            case .empty:
                return .empty
            case .leaf:
                let leaf = try nextLeaf()
                guard leaf.path.commonPrefixLength(with: first) >= depth else {
                    throw .invalidProof("leaf \(leaf.path) is not at depth \(depth) on the path of \(first)")
                }
                return .leaf(leaf)
            case .internal:
                guard depth < SparseMerkle.maxDepth else { throw .invalidProof("internal node at depth 256") }
                let split = paths.firstIndex { $0.bit(depth) } ?? paths.endIndex
                let leftPaths = paths[paths.startIndex..<split]
                let rightPaths = paths[split..<paths.endIndex]
                let left =
                    leftPaths.isEmpty
                    ? try opaque(depth: depth + 1, reference: first)
                    : try keyed(paths: leftPaths, depth: depth + 1)
                let right =
                    rightPaths.isEmpty
                    ? try opaque(depth: depth + 1, reference: first)
                    : try keyed(paths: rightPaths, depth: depth + 1)
                guard let node = PartialNode.canonicalInternal(left, right) else {
                    throw .invalidProof("an internal node at depth \(depth) holds fewer than two leaves")
                }
                return node
            case .hash:
                throw .invalidProof("an opaque hash stands where a proven path continues")
            }
        }

        /// A subtree holding none of the proven paths, the sibling at `depth` of the path of `reference`.
        mutating func opaque(depth: Int, reference: Hash?) throws(StateError) -> PartialNode {
            switch try nextOp() {
            case .empty:
                return .empty
            case .leaf:
                let leaf = try nextLeaf()
                if let reference, leaf.path.commonPrefixLength(with: reference) != depth - 1 {
                    throw .invalidProof("sibling leaf \(leaf.path) is not at depth \(depth)")
                }
                return .leaf(leaf)
            case .hash:
                return .opaque(try nextSubtree())
            case .internal:
                throw .invalidProof("an internal node stands off every proven path")
            }
        }
    }
}

extension Multiproof: CanonicalCodable {
    /// `varint(opCount) || ops packed 4 per byte (op i in bits 2(i%4)...2(i%4)+1 of byte i/4, unused
    /// bits zero) || list(leaves) || list(hashes)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeLength(ops.count)
        var packed = [UInt8](repeating: 0, count: (ops.count + 3) / 4)
        for (i, op) in ops.enumerated() { packed[i >> 2] |= op.rawValue << UInt8(2 * (i & 3)) }
        writer.writeRaw(packed)
        writer.writeList(leaves)
        writer.writeList(hashes)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        let count = try reader.readLength(cap: Multiproof.maxOps, "multiproof op count")
        let packedStart = reader.offset
        let packed = try reader.readRaw(count: (count + 3) / 4, "multiproof ops")
        if count % 4 != 0, let last = packed.last, last >> UInt8(2 * (count % 4)) != 0 {
            throw .invalidValue(what: "multiproof ops", offset: packedStart, reason: "bits set past the last op")
        }
        ops = (0..<count).map { i in
            // Every 2-bit pattern is an op, so this cannot fail.
            Op(rawValue: (packed[i >> 2] >> UInt8(2 * (i & 3))) & 3) ?? .empty
        }
        leaves = try reader.readList(LeafEntry.self, cap: Multiproof.maxLeaves, "multiproof leaves")
        hashes = try reader.readList(Hash.self, cap: Multiproof.maxHashes, "multiproof hashes")
    }
}
