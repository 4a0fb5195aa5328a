/// The hashing rules of Strata's sparse Merkle tree (docs/encoding.md, "Sparse Merkle tree").
///
/// The tree is binary over 256-bit paths and *compacted*: an empty subtree hashes to ``Hash/zero``,
/// a subtree holding exactly one leaf hashes to that leaf's hash (the leaf sits at the shallowest depth
/// where it is alone), and any other subtree hashes to `BLAKE2b(0x11 || left || right)`. The root is a
/// function of the set of (path, value) pairs alone, whatever the order of writes or the storage layout.
public enum SparseMerkle {
    /// Prefix byte of a leaf hash.
    public static let leafPrefix: UInt8 = 0x10
    /// Prefix byte of an internal node hash.
    public static let nodePrefix: UInt8 = 0x11
    /// The deepest a leaf can sit: two distinct 256-bit paths always part before bit 256.
    public static let maxDepth = 256
    /// The largest value the tree stores, in bytes.
    public static let maxValueBytes = 1 << 20

    /// `BLAKE2b(0x10 || path || valueHash)`.
    @inlinable public static func leafHash(path: Hash, valueHash: Hash) -> Hash {
        Hash.blake2b(prefix: leafPrefix, path, valueHash)
    }

    /// `BLAKE2b(0x11 || left || right)`.
    @inlinable public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        Hash.blake2b(prefix: nodePrefix, left, right)
    }

    /// The hash of a value as stored in a leaf: `BLAKE2b(value)`.
    @inlinable public static func valueHash(_ value: [UInt8]) -> Hash {
        Hash.blake2b(value)
    }
}

/// A leaf as it appears in proofs: its full path and the hash of its value.
public struct LeafEntry: Hashable, Sendable, CanonicalCodable {
    /// The leaf's 256-bit path.
    public var path: Hash
    /// `BLAKE2b(value)`.
    public var valueHash: Hash

    /// Creates a leaf entry.
    public init(path: Hash, valueHash: Hash) {
        self.path = path
        self.valueHash = valueHash
    }

    /// The leaf's hash in the tree.
    public var hash: Hash { SparseMerkle.leafHash(path: path, valueHash: valueHash) }

    public func encode(to writer: inout ByteWriter) {
        writer.write(path)
        writer.write(valueHash)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        path = try reader.readHash("leaf path")
        valueHash = try reader.readHash("leaf value hash")
    }
}

extension Hash {
    /// This hash with bit `index` set (0 = most significant bit of byte 0).
    @inlinable func settingBit(_ index: Int) -> Hash {
        var copy = self
        let mask = UInt64(1) << UInt64(63 - (index & 63))
        switch index >> 6 {
        case 0: copy.w0 |= mask
        case 1: copy.w1 |= mask
        case 2: copy.w2 |= mask
        default: copy.w3 |= mask
        }
        return copy
    }

    /// This hash with every bit from `length` on cleared: the first `length` bits as a tree position.
    @inlinable func prefix(_ length: Int) -> Hash {
        func keep(_ word: UInt64, _ bits: Int) -> UInt64 {
            bits <= 0 ? 0 : bits >= 64 ? word : word & ~(UInt64.max >> UInt64(bits))
        }
        return Hash(
            w0: keep(w0, length), w1: keep(w1, length - 64), w2: keep(w2, length - 128),
            w3: keep(w3, length - 192))
    }
}
