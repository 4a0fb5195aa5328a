import CSodium

/// A 32-byte digest: BLAKE2b-256 unless stated otherwise.
///
/// Stored as four big-endian words, so that comparing two hashes compares their bytes
/// lexicographically and bit `i` (0 = most significant bit of byte 0) is cheap to read.
public struct Hash: Hashable, Comparable, Sendable {
    /// Words in big-endian byte order: `w0` holds bytes 0...7.
    @usableFromInline var w0: UInt64
    @usableFromInline var w1: UInt64
    @usableFromInline var w2: UInt64
    @usableFromInline var w3: UInt64

    /// The number of bytes in a hash.
    public static let byteCount = 32

    /// The all-zero hash; stands for "empty" (an empty subtree, no parent).
    public static let zero = Hash(w0: 0, w1: 0, w2: 0, w3: 0)

    @inlinable init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Creates a hash from exactly 32 bytes; returns `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Hash.byteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: bytes) }
        self.init(
            w0: UInt64(bigEndian: words.0), w1: UInt64(bigEndian: words.1),
            w2: UInt64(bigEndian: words.2), w3: UInt64(bigEndian: words.3))
    }

    /// Creates a hash from raw memory holding at least 32 bytes (the first 32 are used).
    @inlinable init(unsafeBytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= Hash.byteCount, "Hash needs 32 bytes")
        self.init(
            w0: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            w1: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            w2: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            w3: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// The 32 bytes of the hash.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 32 bytes of the hash, without allocating.
    @inlinable public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var words = (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)
        return try Swift.withUnsafeBytes(of: &words) { try body($0) }
    }

    /// Bit `index` of the hash, 0 being the most significant bit of the first byte.
    @inlinable public func bit(_ index: Int) -> Bool {
        let word: UInt64
        switch index >> 6 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return (word >> UInt64(63 - (index & 63))) & 1 == 1
    }

    /// The 4-bit nibble at `index` (0...63), 0 being the high nibble of the first byte.
    @inlinable public func nibble(_ index: Int) -> Int {
        let word: UInt64
        switch index >> 4 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return Int((word >> UInt64(60 - 4 * (index & 15))) & 0xF)
    }

    /// The number of leading bits this hash shares with `other` (256 when equal).
    @inlinable public func commonPrefixLength(with other: Hash) -> Int {
        if w0 != other.w0 { return (w0 ^ other.w0).leadingZeroBitCount }
        if w1 != other.w1 { return 64 + (w1 ^ other.w1).leadingZeroBitCount }
        if w2 != other.w2 { return 128 + (w2 ^ other.w2).leadingZeroBitCount }
        if w3 != other.w3 { return 192 + (w3 ^ other.w3).leadingZeroBitCount }
        return 256
    }

    @inlinable public static func < (lhs: Hash, rhs: Hash) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}

extension Hash: CustomStringConvertible {
    /// Lower-case hex of the 32 bytes.
    public var description: String { Hex.encode(bytes) }

    /// Parses 64 hex digits (either case).
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }
}

extension Hash {
    /// BLAKE2b-256 of `bytes`.
    public static func blake2b(_ bytes: some Sequence<UInt8>) -> Hash {
        if let hash = bytes.withContiguousStorageIfAvailable({ blake2b(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(bytes).withUnsafeBytes { blake2b($0) }
    }

    /// BLAKE2b-256 of `prefix || left || right` (65 bytes): the shape of every Merkle node hash.
    public static func blake2b(prefix: UInt8, _ left: Hash, _ right: Hash) -> Hash {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = prefix
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            return blake2b(UnsafeRawBufferPointer(buffer))
        }
    }

    /// BLAKE2b-256 of raw memory.
    public static func blake2b(_ input: UnsafeRawBufferPointer) -> Hash {
        Sodium.ensureInitialized()
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &words) { output in
            _ = crypto_generichash(
                output.bindMemory(to: UInt8.self).baseAddress!, 32,
                input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count), nil, 0)
        }
        return Hash(
            w0: UInt64(bigEndian: words.0), w1: UInt64(bigEndian: words.1),
            w2: UInt64(bigEndian: words.2), w3: UInt64(bigEndian: words.3))
    }
}

/// Incremental BLAKE2b-256, for inputs assembled from several pieces.
public struct Blake2b: ~Copyable {
    // libsodium's state is a 64-byte-aligned struct Swift cannot import; keep it in aligned memory.
    private let state: UnsafeMutableRawPointer

    /// Starts a new BLAKE2b-256 computation.
    public init() {
        Sodium.ensureInitialized()
        state = .allocate(byteCount: crypto_generichash_statebytes(), alignment: 64)
        _ = crypto_generichash_init(OpaquePointer(state), nil, 0, 32)
    }

    deinit { state.deallocate() }

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            _ = crypto_generichash_update(OpaquePointer(state), buffer.baseAddress, UInt64(buffer.count))
        }
        if done == nil {
            let copy = Array(bytes)
            _ = crypto_generichash_update(OpaquePointer(state), copy, UInt64(copy.count))
        }
    }

    /// Feeds the 32 bytes of `hash` into the hash.
    public mutating func update(_ hash: Hash) {
        hash.withUnsafeBytes { raw in
            _ = crypto_generichash_update(OpaquePointer(state), raw.bindMemory(to: UInt8.self).baseAddress, 32)
        }
    }

    /// Finishes and returns the digest.
    public consuming func finalize() -> Hash {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &words) { output in
            _ = crypto_generichash_final(OpaquePointer(state), output.bindMemory(to: UInt8.self).baseAddress!, 32)
        }
        return Hash(
            w0: UInt64(bigEndian: words.0), w1: UInt64(bigEndian: words.1),
            w2: UInt64(bigEndian: words.2), w3: UInt64(bigEndian: words.3))
    }
}
