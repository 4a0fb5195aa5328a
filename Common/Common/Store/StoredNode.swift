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
///
/// The node keeps the 15 binary subtrees above its slots ("inner entries", heap-ordered: entry 1 is the
/// whole node, entries `2e` and `2e + 1` the halves of entry `e`, entries 8...15 the pairs of slots, and
/// entry `16 + n` stands for slot `n`) as of its last ``rehash()``, so that a commit changing one slot
/// rehashes the four entries above it instead of all fifteen. They are a cache, never stored.
struct StoredNode: Sendable {
    /// Bit `n` is set when slot `n` holds a child.
    private(set) var present: UInt16 = 0
    /// The children of the set slots, in slot order (dense: most deep nodes hold two or three).
    private(set) var dense: [StoredChild] = []
    /// The hashes of inner entries 1...15 (index 0 unused); empty until the first ``rehash()``.
    private var innerHashes: [Hash] = []
    /// The kinds of inner entries, two bits each at `2 * entry`: 0 empty, 1 a lone leaf, 2 two or more leaves.
    private var innerKinds: UInt32 = 0
    /// Bit `n` is set when slot `n` changed since the inner entries were computed.
    private var changedSlots: UInt16 = 0

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
            case (false, nil): return
            }
            changedSlots |= 1 << UInt16(nibble)
        }
    }

    /// The number of non-empty slots.
    var childCount: Int { dense.count }

    /// The only child, with its nibble, if there is exactly one.
    var onlyChild: (nibble: Int, child: StoredChild)? {
        dense.count == 1 ? (present.trailingZeroBitCount, dense[0]) : nil
    }

    /// Whether the inner entries are computed and no slot changed since.
    private var innerEntriesAreCurrent: Bool { !innerHashes.isEmpty && changedSlots == 0 }

    /// What the binary subtree at `level` (0...4) below this node, number `index` at that level, holds.
    func summary(level: Int, index: Int) -> Summary {
        if level == 4 {
            switch self[index] {
            case nil: return .empty
            case .leaf(let leaf)?: return .leaf(leaf)
            case .node(let hash, _)?: return .subtree(hash)
            }
        }
        if innerEntriesAreCurrent {
            let entry = (1 << level) + index
            switch innerKinds >> (2 * entry) & 0b11 {
            case 0: return .empty
            case 1:
                // A lone leaf: the one child among the slots below this entry.
                let width = 1 << (4 - level)
                for slot in (index * width)..<((index + 1) * width) {
                    if case .leaf(let leaf)? = self[slot] { return .leaf(leaf) }
                }
            default: return .subtree(innerHashes[entry])
            }
        }
        return Summary.join(
            summary(level: level + 1, index: 2 * index), summary(level: level + 1, index: 2 * index + 1))
    }

    /// Brings the inner entries up to date and returns the node's hash: the binary subtree of its children,
    /// with only the entries above changed slots recomputed.
    mutating func rehash() -> Hash {
        if innerHashes.isEmpty {
            innerHashes = Array(repeating: .zero, count: 16)
            changedSlots = 0xFFFF
        }
        // Bit i of `changed`: entry i of the level below (from its first entry) changed.
        var changed = UInt32(changedSlots)
        var first = 8
        while first >= 1 {
            var above: UInt32 = 0
            for i in 0..<first where changed & (0b11 << (2 * i)) != 0 {
                let left = entry(2 * (first + i))
                let right = entry(2 * (first + i) + 1)
                let joined: (kind: UInt32, hash: Hash)
                if left.kind == 0 && right.kind <= 1 {
                    joined = right
                } else if right.kind == 0 && left.kind == 1 {
                    joined = left
                } else {
                    joined = (2, SparseMerkle.nodeHash(left.hash, right.hash))
                }
                let position = 2 * (first + i)
                innerKinds = innerKinds & ~(0b11 << position) | joined.kind << position
                innerHashes[first + i] = joined.hash
                above |= 1 << i
            }
            changed = above
            first /= 2
        }
        changedSlots = 0
        return innerHashes[1]
    }

    /// The kind and hash of entry `entry` (1...31): inner entries from the cache, 16 + n from slot n.
    private func entry(_ entry: Int) -> (kind: UInt32, hash: Hash) {
        guard entry >= 16 else { return (innerKinds >> (2 * entry) & 0b11, innerHashes[entry]) }
        switch self[entry - 16] {
        case nil: return (0, .zero)
        case .leaf(let leaf)?: return (1, leaf.hash)
        case .node(let hash, _)?: return (2, hash)
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
        // At most 4 + 16 * (64 + 10) bytes: assembled on the stack, then appended at once.
        withUnsafeTemporaryAllocation(byteCount: 4 + 16 * 74, alignment: 8) { buffer in
            var at = 0
            func put(_ byte: UInt8) {
                buffer[at] = byte
                at += 1
            }
            func put(_ hash: Hash) {
                hash.withUnsafeBytes {
                    UnsafeMutableRawBufferPointer(rebasing: buffer[at..<at + 32]).copyMemory(from: $0)
                }
                at += 32
            }
            func put(varint value: UInt64) {
                var v = value
                while v >= 0x80 {
                    put(UInt8(truncatingIfNeeded: v) | 0x80)
                    v >>= 7
                }
                put(UInt8(v))
            }
            put(UInt8(truncatingIfNeeded: present))
            put(UInt8(truncatingIfNeeded: present >> 8))
            put(UInt8(truncatingIfNeeded: leaves))
            put(UInt8(truncatingIfNeeded: leaves >> 8))
            for child in dense {
                switch child {
                case .leaf(let leaf):
                    put(leaf.path)
                    put(leaf.valueHash)
                    put(varint: leaf.version)
                case .node(let hash, let version):
                    put(hash)
                    put(varint: version)
                }
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<at]))
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
