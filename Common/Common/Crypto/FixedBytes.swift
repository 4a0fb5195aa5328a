/// 32 bytes held inline (no heap allocation), compared and hashed bytewise.
///
/// Internal storage for keys and signature halves; public types wrap it and give it a meaning.
struct Bytes32: Hashable, Sendable {
    /// The bytes in memory order.
    private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The number of bytes held.
    static let count = 32

    /// Thirty-two zero bytes.
    init() {}

    /// Copies exactly 32 bytes; returns `nil` for any other length.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == Self.count else { return nil }
        Swift.withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
    }

    /// Copies the first 32 bytes of `raw`, which must hold at least 32.
    init(unsafeBytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= Self.count, "Bytes32 needs 32 bytes")
        Swift.withUnsafeMutableBytes(of: &storage) {
            $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<Self.count]))
        }
    }

    /// Calls `body` with the 32 bytes.
    @inline(__always) func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Calls `body` with a pointer to the 32 bytes, typed as `UInt8` (the shape C APIs take).
    @inline(__always) func withUnsafePointer<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage) { try body($0.bindMemory(to: UInt8.self).baseAddress!) }
    }

    /// Calls `body` with a pointer to the 32 bytes it may change (the shape C APIs take).
    @inline(__always) mutating func withUnsafeMutablePointer<R>(
        _ body: (UnsafeMutablePointer<UInt8>) throws -> R
    ) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &storage) { try body($0.bindMemory(to: UInt8.self).baseAddress!) }
    }

    /// Fills the 32 bytes through `body`, which receives a pointer to writable memory.
    static func filled(_ body: (UnsafeMutablePointer<UInt8>) throws -> Void) rethrows -> Bytes32 {
        var value = Bytes32()
        try Swift.withUnsafeMutableBytes(of: &value.storage) {
            try body($0.bindMemory(to: UInt8.self).baseAddress!)
        }
        return value
    }

    /// The bytes as an array.
    var array: [UInt8] { withUnsafeBytes { Array($0) } }

    static func == (lhs: Bytes32, rhs: Bytes32) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1 && lhs.storage.2 == rhs.storage.2
            && lhs.storage.3 == rhs.storage.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}

/// 64 bytes held inline (no heap allocation), compared and hashed bytewise: the shape of a signature.
struct Bytes64: Hashable, Sendable {
    /// The bytes in memory order (a homogeneous tuple, so the 64 bytes are contiguous).
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The number of bytes held.
    static let count = 64

    /// Sixty-four zero bytes.
    init() {}

    /// Copies exactly 64 bytes; returns `nil` for any other length.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == Self.count else { return nil }
        Swift.withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
    }

    /// Copies the first 64 bytes of `raw`, which must hold at least 64.
    init(unsafeBytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= Self.count, "Bytes64 needs 64 bytes")
        Swift.withUnsafeMutableBytes(of: &storage) {
            $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<Self.count]))
        }
    }

    /// Calls `body` with the 64 bytes.
    @inline(__always) func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Calls `body` with a pointer to the 64 bytes, typed as `UInt8` (the shape C APIs take).
    @inline(__always) func withUnsafePointer<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage) { try body($0.bindMemory(to: UInt8.self).baseAddress!) }
    }

    /// Fills the 64 bytes through `body`, which receives a pointer to writable memory.
    static func filled(_ body: (UnsafeMutablePointer<UInt8>) throws -> Void) rethrows -> Bytes64 {
        var value = Bytes64()
        try Swift.withUnsafeMutableBytes(of: &value.storage) {
            try body($0.bindMemory(to: UInt8.self).baseAddress!)
        }
        return value
    }

    /// The bytes as an array.
    var array: [UInt8] { withUnsafeBytes { Array($0) } }

    static func == (lhs: Bytes64, rhs: Bytes64) -> Bool {
        lhs.withUnsafeBytes { l in rhs.withUnsafeBytes { r in l.elementsEqual(r) } }
    }

    func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
