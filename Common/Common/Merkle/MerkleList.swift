/// The Merkle root of an ordered list (transactions of a block, headers of a batch), RFC 6962 style.
///
/// Leaves and inner nodes are hashed under different prefixes, so no leaf can pass for a node:
/// `leaf = BLAKE2b(0x00 || item)`, `node = BLAKE2b(0x01 || left || right)`. A list of `n > 1` items
/// splits at `k`, the largest power of two below `n`; the empty list's root is `BLAKE2b("")`.
public enum MerkleList {
    /// Prefix byte of a leaf hash.
    public static let leafPrefix: UInt8 = 0x00
    /// Prefix byte of an inner node hash.
    public static let nodePrefix: UInt8 = 0x01

    /// `BLAKE2b(0x00 || item)`.
    public static func leafHash(_ item: some Collection<UInt8>) -> Hash {
        var hasher = Blake2b()
        hasher.update(CollectionOfOne(leafPrefix))
        hasher.update(Array(item))
        return hasher.finalize()
    }

    /// `BLAKE2b(0x01 || left || right)`.
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        Hash.blake2b(prefix: nodePrefix, left, right)
    }

    /// The root of `items`.
    public static func root(_ items: [[UInt8]]) -> Hash {
        root(leafHashes: items.map { leafHash($0) })
    }

    /// The root of a list given by its leaf hashes.
    public static func root(leafHashes leaves: [Hash]) -> Hash {
        fold(leaves, recordingPaths: false).root
    }

    /// The inclusion proof of item `index` in a list of the given leaf hashes.
    ///
    /// - Returns: `nil` if `index` is out of range.
    public static func proof(index: Int, leafHashes leaves: [Hash]) -> MerkleListProof? {
        guard index >= 0, index < leaves.count else { return nil }
        return MerkleListProof(
            index: UInt64(index), count: UInt64(leaves.count), path: auditPath(index, leaves[...]))
    }

    /// The inclusion proofs of every item of a list given by its leaf hashes, in order: the same proofs as
    /// ``proof(index:leafHashes:)`` for each index, from one pass over the tree (`n - 1` node hashes for `n`
    /// items, against about `n` per proof one at a time).
    public static func proofs(leafHashes leaves: [Hash]) -> [MerkleListProof] {
        rootAndProofs(leafHashes: leaves).proofs
    }

    /// The root of a list given by its leaf hashes and the inclusion proofs of all its items, from the one pass
    /// over the tree that either takes alone.
    public static func rootAndProofs(leafHashes leaves: [Hash]) -> (root: Hash, proofs: [MerkleListProof]) {
        let (root, paths) = fold(leaves, recordingPaths: true)
        let count = UInt64(leaves.count)
        let proofs = paths.enumerated().map {
            MerkleListProof(index: UInt64($0.offset), count: count, path: $0.element)
        }
        return (root, proofs)
    }

    /// Folds the leaves level by level into the root: an odd node out is carried up unchanged, which gives
    /// exactly the RFC 6962 split at the largest power of two. With `recordingPaths`, a node's sibling on a
    /// level also goes into the path of every leaf under it (each leaf's audit path, bottom up).
    private static func fold(_ leaves: [Hash], recordingPaths: Bool) -> (root: Hash, paths: [[Hash]]) {
        if leaves.isEmpty { return (Hash.blake2b([UInt8]()), []) }
        var paths = [[Hash]](repeating: [], count: recordingPaths ? leaves.count : 0)
        var level = leaves
        // How many leaves sit under a node of the current level.
        var span = 1
        while level.count > 1 {
            var next: [Hash] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                if recordingPaths {
                    for leaf in i * span..<min((i + 1) * span, leaves.count) { paths[leaf].append(level[i + 1]) }
                    for leaf in (i + 1) * span..<min((i + 2) * span, leaves.count) { paths[leaf].append(level[i]) }
                }
                next.append(nodeHash(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
            span *= 2
        }
        return (level[0], paths)
    }

    /// RFC 6962 PATH(m, D[n]): siblings from the leaf up to the root.
    private static func auditPath(_ index: Int, _ leaves: ArraySlice<Hash>) -> [Hash] {
        let n = leaves.count
        if n <= 1 { return [] }
        let k = largestPowerOfTwo(below: n)
        let start = leaves.startIndex
        if index < k {
            return auditPath(index, leaves[start..<start + k]) + [root(leafHashes: Array(leaves[(start + k)...]))]
        }
        return auditPath(index - k, leaves[(start + k)...]) + [root(leafHashes: Array(leaves[start..<start + k]))]
    }

    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// A proof that an item sits at `index` in a list of `count` items with a given root.
///
/// As in RFC 6962, the root does not commit to the list's length: a verifier takes `count` from a
/// header it trusts (a block's transaction count, a batch's block range), not from the proof alone.
public struct MerkleListProof: Hashable, Sendable, CanonicalCodable {
    /// The item's position, from 0.
    public var index: UInt64
    /// The number of items in the list.
    public var count: UInt64
    /// Sibling hashes from the leaf up to the root.
    public var path: [Hash]

    /// The most siblings a proof can need (a list of up to 2^64 items).
    public static let maxPathLength = 64

    /// Creates a proof.
    public init(index: UInt64, count: UInt64, path: [Hash]) {
        self.index = index
        self.count = count
        self.path = path
    }

    /// Whether `leafHash` sits at ``index`` of a list of ``count`` items whose root is `root`
    /// (RFC 9162, section 2.1.3.2).
    public func verify(leafHash: Hash, root: Hash) -> Bool {
        self.root(leafHash: leafHash) == root
    }

    /// The root of the list of ``count`` items in which `leafHash` sits at ``index``, by this proof; `nil` if
    /// the proof cannot be one for such a list (an index out of range, or a path of the wrong length).
    public func root(leafHash: Hash) -> Hash? {
        guard index < count else { return nil }
        var fn = index
        var sn = count - 1
        var node = leafHash
        for sibling in path {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                node = MerkleList.nodeHash(sibling, node)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                node = MerkleList.nodeHash(node, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? node : nil
    }

    /// Whether `item` sits at ``index`` of the list whose root is `root`.
    public func verify(item: some Collection<UInt8>, root: Hash) -> Bool {
        verify(leafHash: MerkleList.leafHash(item), root: root)
    }

    /// `varint(index) || varint(count) || list(path)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeVarint(index)
        writer.writeVarint(count)
        writer.writeList(path)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        index = try reader.readVarint(UInt64.self, "proof index")
        count = try reader.readVarint(UInt64.self, "proof count")
        path = try reader.readList(Hash.self, cap: Self.maxPathLength, "proof path")
    }
}
