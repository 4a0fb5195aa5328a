/// A node of a partial sparse Merkle tree: the part of the tree a multiproof reveals, the rest of it
/// standing as opaque hashes. Kept canonical: an internal node always has two or more leaves below.
indirect enum PartialNode: Sendable {
    case empty
    case leaf(LeafEntry)
    /// A subtree of two or more leaves known only by its hash.
    case opaque(Hash)
    case `internal`(PartialNode, PartialNode)

    /// The node's hash under the tree's rules.
    var hash: Hash {
        switch self {
        case .empty: .zero
        case .leaf(let leaf): leaf.hash
        case .opaque(let hash): hash
        case .internal(let left, let right): SparseMerkle.nodeHash(left.hash, right.hash)
        }
    }

    /// An internal node over two children, or `nil` if together they hold fewer than two leaves.
    static func canonicalInternal(_ left: PartialNode, _ right: PartialNode) -> PartialNode? {
        switch (left, right) {
        case (.empty, .empty), (.empty, .leaf), (.leaf, .empty): nil
        default: .internal(left, right)
        }
    }

    /// Joins two children after a deletion: collapses a lone leaf upwards, drops an empty pair.
    static func join(_ left: PartialNode, _ right: PartialNode) -> PartialNode {
        switch (left, right) {
        case (.empty, .empty): .empty
        case (.empty, .leaf), (.leaf, .empty): left.isEmpty ? right : left
        default: .internal(left, right)
        }
    }

    var isEmpty: Bool {
        if case .empty = self { return true }
        return false
    }

    /// The leaf where the descent for `path` ends, if it ends at a leaf (which may hold another path).
    func terminal(for path: Hash) -> LeafEntry? {
        var node = self
        var depth = 0
        while true {
            switch node {
            case .empty, .opaque: return nil
            case .leaf(let leaf): return leaf.path == path ? leaf : nil
            case .internal(let left, let right):
                node = path.bit(depth) ? right : left
                depth += 1
            }
        }
    }

    /// This tree with `leaf` written (inserted or replaced).
    func inserting(_ leaf: LeafEntry, depth: Int) throws(StateError) -> PartialNode {
        switch self {
        case .empty:
            return .leaf(leaf)
        case .leaf(let existing):
            if existing.path == leaf.path { return .leaf(leaf) }
            return Self.split(existing, leaf, from: depth)
        case .opaque:
            throw .keyOutsideWitness(path: leaf.path)
        case .internal(let left, let right):
            return leaf.path.bit(depth)
                ? .internal(left, try right.inserting(leaf, depth: depth + 1))
                : .internal(try left.inserting(leaf, depth: depth + 1), right)
        }
    }

    /// This tree with `path` removed (unchanged if it is absent).
    func removing(_ path: Hash, depth: Int) throws(StateError) -> PartialNode {
        switch self {
        case .empty:
            return self
        case .leaf(let existing):
            return existing.path == path ? .empty : self
        case .opaque:
            throw .keyOutsideWitness(path: path)
        case .internal(let left, let right):
            return path.bit(depth)
                ? Self.join(left, try right.removing(path, depth: depth + 1))
                : Self.join(try left.removing(path, depth: depth + 1), right)
        }
    }

    /// The subtree at `depth` holding two leaves that share the bits above it.
    private static func split(_ a: LeafEntry, _ b: LeafEntry, from depth: Int) -> PartialNode {
        let parting = a.path.commonPrefixLength(with: b.path)
        var node: PartialNode = a.path.bit(parting) ? .internal(.leaf(b), .leaf(a)) : .internal(.leaf(a), .leaf(b))
        var level = parting
        while level > depth {
            level -= 1
            node = a.path.bit(level) ? .internal(.empty, node) : .internal(node, .empty)
        }
        return node
    }
}
