@testable import Common

/// The tests' seeded generator (Common's SplitMix64), so every randomised test replays from its seed.
typealias SeededRandom = SplitMix64

extension SplitMix64 {
    mutating func hash() -> Hash {
        Hash(bytes: bytes(32))!
    }
}

extension Hash {
    /// A path sharing its first `bits` bits with `self`, and random after that (bit `bits` flipped).
    func sibling(sharing bits: Int, using random: inout SeededRandom) -> Hash {
        var bytes = self.bytes
        let other = random.bytes(32)
        for i in 0..<256 where i > bits {
            let mask = UInt8(0x80) >> UInt8(i % 8)
            bytes[i / 8] = (bytes[i / 8] & ~mask) | (other[i / 8] & mask)
        }
        let mask = UInt8(0x80) >> UInt8(bits % 8)
        bytes[bits / 8] ^= mask
        return Hash(bytes: bytes)!
    }
}

/// A tree in memory to compare the stored tree against: the definition of the root.
struct ReferenceState {
    var values: [Hash: [UInt8]] = [:]

    var sortedLeaves: [LeafEntry] {
        values.keys.sorted().map { LeafEntry(path: $0, valueHash: SparseMerkle.valueHash(values[$0]!)) }
    }

    var root: Hash { SparseMerkle.root(sortedLeaves: sortedLeaves) }

    mutating func apply(_ writes: [StateWrite]) {
        for write in writes { values[write.path] = write.value }
    }
}
