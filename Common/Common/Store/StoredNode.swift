/// A leaf as referenced from its parent: enough to hash it and to find its value.
struct StoredLeaf: Hashable, Sendable {
    let path: Hash
    let valueHash: Hash
    /// The version at which the value was written (its key in the leaves table).
    let version: UInt64
    /// `SparseMerkle.leafHash(path, valueHash)`, kept to avoid rehashing.
    let hash: Hash

    init(path: Hash, valueHash: Hash, version: UInt64) {
        self.path = path
        self.valueHash = valueHash
        self.version = version
        self.hash = SparseMerkle.leafHash(path: path, valueHash: valueHash)
    }

    var entry: LeafEntry { LeafEntry(path: path, valueHash: valueHash) }
}

/// A child slot of a stored node.
enum StoredChild: Hashable, Sendable {
    /// A single leaf.
    case leaf(StoredLeaf)
    /// A stored node (two or more leaves below), written at `version`.
    case node(hash: Hash, version: UInt64)

    var hash: Hash {
        switch self {
        case .leaf(let leaf): leaf.hash
        case .node(let hash, _): hash
        }
    }
}

/// A stored node of the state tree: up to 16 children, one per next nibble of the path.
///
/// Storage is 16-ary to keep the tree shallow on disk (about five levels for a million keys), while
/// hashes and proofs follow the binary compacted tree: the node's hash is that of the binary subtree its
/// children form, four levels deep, with the compaction rules of ``SparseMerkle``.
struct StoredNode: Hashable, Sendable {
    /// Bit `n` is set when slot `n` holds a child.
    private(set) var present: UInt16 = 0
    /// The children of the set slots, in slot order (dense: most deep nodes hold two or three).
    private(set) var dense: [StoredChild] = []

    init() {}

    private func denseIndex(_ nibble: Int) -> Int {
        (present & ((1 << UInt16(nibble)) - 1)).nonzeroBitCount
    }

    /// The child for nibble `nibble` (0...15), or `nil`.
    subscript(nibble: Int) -> StoredChild? {
        get {
            present & (1 << UInt16(nibble)) == 0 ? nil : dense[denseIndex(nibble)]
        }
        set {
            let index = denseIndex(nibble)
            let occupied = present & (1 << UInt16(nibble)) != 0
            switch (occupied, newValue) {
            case (true, let child?): dense[index] = child
            case (true, nil):
                dense.remove(at: index)
                present &= ~(1 << UInt16(nibble))
            case (false, let child?):
                dense.insert(child, at: index)
                present |= 1 << UInt16(nibble)
            case (false, nil): break
            }
        }
    }

    /// The number of non-empty slots.
    var childCount: Int { dense.count }

    /// The only child, with its nibble, if there is exactly one.
    var onlyChild: (nibble: Int, child: StoredChild)? {
        dense.count == 1 ? (present.trailingZeroBitCount, dense[0]) : nil
    }

    /// What the binary subtree at `level` (0...4) below this node, number `index` at that level, holds.
    func summary(level: Int, index: Int) -> Summary {
        if level == 4 {
            switch self[index] {
            case nil: return .empty
            case .leaf(let leaf)?: return .leaf(leaf)
            case .node(let hash, _)?: return .subtree(hash)
            }
        }
        return Summary.join(
            summary(level: level + 1, index: 2 * index), summary(level: level + 1, index: 2 * index + 1))
    }

    /// The node's hash: the binary subtree of its children, folded level by level in place.
    var hash: Hash {
        // kind: 0 empty, 1 a lone leaf, 2 a subtree of two or more leaves.
        withUnsafeTemporaryAllocation(of: (kind: UInt8, hash: Hash).self, capacity: 16) { level in
            var next = 0
            for n in 0..<16 {
                if present & (1 << UInt16(n)) == 0 {
                    level[n] = (0, .zero)
                } else {
                    switch dense[next] {
                    case .leaf(let leaf): level[n] = (1, leaf.hash)
                    case .node(let hash, _): level[n] = (2, hash)
                    }
                    next += 1
                }
            }
            var width = 16
            while width > 1 {
                width /= 2
                for i in 0..<width {
                    let left = level[2 * i]
                    let right = level[2 * i + 1]
                    if left.kind == 0 && right.kind <= 1 {
                        level[i] = right
                    } else if right.kind == 0 && left.kind == 1 {
                        level[i] = left
                    } else {
                        level[i] = (2, SparseMerkle.nodeHash(left.hash, right.hash))
                    }
                }
            }
            return level[0].hash
        }
    }

    /// A binary subtree within a node.
    enum Summary: Equatable {
        case empty
        /// Exactly one leaf below: compacted to it.
        case leaf(StoredLeaf)
        /// Two or more leaves below, with this hash.
        case subtree(Hash)

        var hash: Hash {
            switch self {
            case .empty: .zero
            case .leaf(let leaf): leaf.hash
            case .subtree(let hash): hash
            }
        }

        static func join(_ left: Summary, _ right: Summary) -> Summary {
            switch (left, right) {
            case (.empty, .empty): .empty
            case (.empty, .leaf): right
            case (.leaf, .empty): left
            default: .subtree(SparseMerkle.nodeHash(left.hash, right.hash))
            }
        }
    }
}

extension StoredNode {
    /// `u16 present-bitmap (LE) || u16 leaf-bitmap (LE) ||` for each present slot in order: a leaf as
    /// `path || valueHash || varint(version)`, a node as `hash || varint(version)`.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }

    /// Appends ``encoded()`` to `bytes`.
    func encode(into bytes: inout [UInt8]) {
        var leaves: UInt16 = 0
        for (i, child) in dense.enumerated() {
            if case .leaf = child { leaves |= 1 << UInt16(Self.nibble(ofDenseIndex: i, in: present)) }
        }
        func append(varint value: UInt64) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }
        withUnsafeBytes(of: present.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: leaves.littleEndian) { bytes.append(contentsOf: $0) }
        for child in dense {
            switch child {
            case .leaf(let leaf):
                leaf.path.withUnsafeBytes { bytes.append(contentsOf: $0) }
                leaf.valueHash.withUnsafeBytes { bytes.append(contentsOf: $0) }
                append(varint: leaf.version)
            case .node(let hash, let version):
                hash.withUnsafeBytes { bytes.append(contentsOf: $0) }
                append(varint: version)
            }
        }
    }

    /// The slot number of the `index`-th set bit of `present`.
    private static func nibble(ofDenseIndex index: Int, in present: UInt16) -> Int {
        var bits = present
        for _ in 0..<index { bits &= bits - 1 }
        return bits.trailingZeroBitCount
    }

    init(encoded bytes: [UInt8]) throws(CodecError) {
        var reader = ByteReader(bytes)
        let present = try reader.readFixed(UInt16.self, "node bitmap")
        let leaves = try reader.readFixed(UInt16.self, "node leaf bitmap")
        guard leaves & ~present == 0 else {
            throw .invalidValue(what: "node leaf bitmap", offset: 2, reason: "marks an empty slot as a leaf")
        }
        self.init()
        for n in 0..<16 where present & (1 << UInt16(n)) != 0 {
            if leaves & (1 << UInt16(n)) != 0 {
                let path = try reader.readHash("leaf path")
                let valueHash = try reader.readHash("leaf value hash")
                let version = try reader.readVarint(UInt64.self, "leaf version")
                self[n] = .leaf(StoredLeaf(path: path, valueHash: valueHash, version: version))
            } else {
                let hash = try reader.readHash("child hash")
                let version = try reader.readVarint(UInt64.self, "child version")
                self[n] = .node(hash: hash, version: version)
            }
        }
        try reader.expectEnd()
    }
}
