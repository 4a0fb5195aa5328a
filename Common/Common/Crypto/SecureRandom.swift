import CSodium

/// Cryptographically secure random bytes from the operating system, through libsodium's `randombytes_buf`.
///
/// Use it for key generation, signing nonces' auxiliary randomness and context blinding. Never use it inside a
/// deterministic state machine: entropy enters those as an input.
public enum SecureRandom {
    /// Returns `count` random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "a byte count is never negative")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        Sodium.ensureInitialized()
        randombytes_buf(base, buffer.count)
    }
}
