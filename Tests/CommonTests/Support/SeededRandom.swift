@testable import Common

/// SplitMix64: a small deterministic generator, so that every randomised test replays from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

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
