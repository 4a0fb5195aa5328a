/// A proof that a path holds a value, or holds nothing, under a state root.
///
/// It names the node where the path's descent ends (a leaf, possibly another key's, or an empty
/// subtree) and the siblings from the root down to it. Zero siblings are left out and marked in a
/// bitmap, since a compacted tree has many of them near a leaf.
public struct StateProof: Hashable, Sendable {
    /// The leaf where the descent ends, or `nil` when it ends in an empty subtree.
    public var leaf: LeafEntry?
    /// Sibling hashes from the root (index 0) down to the terminal node; `siblings.count` is its depth.
    public var siblings: [Hash]

    /// Creates a proof.
    public init(leaf: LeafEntry?, siblings: [Hash]) {
        self.leaf = leaf
        self.siblings = siblings
    }

    /// Checks the proof for `path` against `root` and returns what it proves: the value hash stored
    /// at `path`, or `nil` if the path is absent.
    ///
    /// - Throws: ``StateError/invalidProof(_:)`` if the proof is not about `path`,
    ///   ``StateError/rootMismatch(expected:computed:)`` if it leads to another root.
    public func verify(path: Hash, root: Hash) throws(StateError) -> Hash? {
        let depth = siblings.count
        guard depth <= SparseMerkle.maxDepth else {
            throw .invalidProof("depth \(depth) exceeds \(SparseMerkle.maxDepth)")
        }
        var node = Hash.zero
        var proven: Hash? = nil
        if let leaf {
            guard leaf.path.commonPrefixLength(with: path) >= depth else {
                throw .invalidProof("terminal leaf \(leaf.path) is not on the path of \(path) at depth \(depth)")
            }
            node = leaf.hash
            if leaf.path == path { proven = leaf.valueHash }
        }
        var level = depth
        while level > 0 {
            level -= 1
            let sibling = siblings[level]
            node = path.bit(level) ? SparseMerkle.nodeHash(sibling, node) : SparseMerkle.nodeHash(node, sibling)
        }
        guard node == root else { throw .rootMismatch(expected: root, computed: node) }
        return proven
    }

    /// Checks that the proof shows `path` holding exactly `value` (or nothing, for `nil`) under `root`.
    public func verify(path: Hash, value: [UInt8]?, root: Hash) throws(StateError) {
        let proven = try verify(path: path, root: root)
        switch (proven, value) {
        case (nil, nil): return
        case (let hash?, let value?) where hash == SparseMerkle.valueHash(value): return
        case (nil, _?): throw .invalidProof("the proof shows \(path) absent, not holding the value")
        case (_?, nil): throw .invalidProof("the proof shows \(path) present, not absent")
        case (_?, _?): throw .invalidProof("the proof shows \(path) holding another value")
        }
    }
}

extension StateProof: CanonicalCodable {
    /// `optional(leaf) || varint(depth) || bitmap(ceil(depth/8)) || non-zero siblings`, where bit `i`
    /// of the bitmap (byte `i/8`, bit `i%8` from the least significant) is set for a non-zero sibling.
    public func encode(to writer: inout ByteWriter) {
        writer.writeOptional(leaf)
        writer.writeLength(siblings.count)
        var bitmap = [UInt8](repeating: 0, count: (siblings.count + 7) / 8)
        for (i, sibling) in siblings.enumerated() where sibling != .zero {
            bitmap[i >> 3] |= 1 << UInt8(i & 7)
        }
        writer.writeRaw(bitmap)
        for sibling in siblings where sibling != .zero { writer.write(sibling) }
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        leaf = try reader.readOptional(LeafEntry.self)
        let depth = try reader.readLength(cap: SparseMerkle.maxDepth, "proof depth")
        let bitmapStart = reader.offset
        let bitmap = try reader.readRaw(count: (depth + 7) / 8, "sibling bitmap")
        if depth % 8 != 0, let last = bitmap.last, last >> UInt8(depth % 8) != 0 {
            throw .invalidValue(what: "sibling bitmap", offset: bitmapStart, reason: "bits set past the depth")
        }
        siblings = []
        siblings.reserveCapacity(depth)
        for i in 0..<depth {
            if bitmap[i >> 3] & (1 << UInt8(i & 7)) != 0 {
                let at = reader.offset
                let sibling = try reader.readHash("sibling")
                if sibling == .zero {
                    throw .invalidValue(
                        what: "sibling", offset: at, reason: "a zero sibling must be left to the bitmap")
                }
                siblings.append(sibling)
            } else {
                siblings.append(.zero)
            }
        }
    }
}
