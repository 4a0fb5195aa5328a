/// Where a stored node sits: the first `depth` nibbles (4-bit digits) of the paths below it.
struct NodePosition: Hashable, Sendable {
    /// The prefix, every bit past `4 * depth` cleared.
    let prefix: Hash
    /// The number of nibbles, 0 (the root) to 64.
    let depth: Int

    static let root = NodePosition(prefix: .zero, depth: 0)

    /// The position of child `nibble` of this node.
    func child(_ nibble: Int) -> NodePosition {
        var prefix = self.prefix
        for bit in 0..<4 where nibble & (8 >> bit) != 0 { prefix = prefix.settingBit(4 * depth + bit) }
        return NodePosition(prefix: prefix, depth: depth + 1)
    }

    /// Hashes only the words of the prefix that can be set: a million-key tree is five levels deep, so
    /// the node cache's lookups hash two words instead of five.
    func hash(into hasher: inout Hasher) {
        hasher.combine(depth)
        hasher.combine(prefix.w0)
        if depth > 16 { hasher.combine(prefix.w1) }
        if depth > 32 { hasher.combine(prefix.w2) }
        if depth > 48 { hasher.combine(prefix.w3) }
    }

    /// The database key of the node written at `version`: `version (8 bytes, big-endian) || depth (1
    /// byte) || the prefix's first ceil(depth / 2) bytes`. Keys of one version are contiguous, so a
    /// commit appends to the end of the table.
    func storageKey(version: UInt64) -> [UInt8] {
        var key = [UInt8]()
        key.reserveCapacity(9 + (depth + 1) / 2)
        appendStorageKey(version: version, to: &key)
        return key
    }

    /// Appends ``storageKey(version:)`` to `bytes`.
    func appendStorageKey(version: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: version.bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(depth))
        prefix.withUnsafeBytes { bytes.append(contentsOf: $0.prefix((depth + 1) / 2)) }
    }
}

/// A leaf's database key: `version (8 bytes, big-endian) || path (32 bytes)`.
func leafStorageKey(path: Hash, version: UInt64) -> [UInt8] {
    var key = [UInt8]()
    key.reserveCapacity(40)
    appendLeafStorageKey(path: path, version: version, to: &key)
    return key
}

/// Appends ``leafStorageKey(path:version:)`` to `bytes`.
func appendLeafStorageKey(path: Hash, version: UInt64, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: version.bigEndian) { bytes.append(contentsOf: $0) }
    path.withUnsafeBytes { bytes.append(contentsOf: $0) }
}
