import CSodium

/// One direction of an encrypted connection: XChaCha20-Poly1305-IETF with a 64-bit message counter as the nonce.
///
/// Frame number `n` (counted from 0 in each direction, the handshake's auth message being frame 0) is sealed with
/// the 24-byte nonce `u64le(n) || 16 zero bytes` and no additional data. The counter only moves forward, so a
/// replayed, dropped or reordered frame fails authentication. A counter at `UInt64.max` is never used: the
/// connection must close first (it cannot happen in practice).
struct FrameCipher: Sendable {
    /// The 32-byte key.
    private let key: [UInt8]
    /// The number of the next frame.
    private(set) var counter: UInt64 = 0

    /// The bytes the Poly1305 tag adds to each plaintext.
    static let tagByteCount = 16
    /// The bytes of the length prefix in front of each ciphertext.
    static let lengthPrefixByteCount = 4

    /// A cipher starting at frame 0.
    init(key: [UInt8]) {
        precondition(key.count == 32, "an XChaCha20-Poly1305 key is 32 bytes")
        self.key = key
    }

    /// The 24-byte nonce of frame `counter`.
    static func nonce(_ counter: UInt64) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: 24)
        for index in 0..<8 { nonce[index] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(index))) }
        return nonce
    }

    private mutating func nextNonce() throws(FrameError) -> [UInt8] {
        guard counter < UInt64.max else { throw .counterExhausted }
        defer { counter += 1 }
        return Self.nonce(counter)
    }

    /// Encrypts in place: `buffer` holds the plaintext followed by 16 spare bytes, which receive the tag.
    mutating func sealInPlace(_ buffer: UnsafeMutableRawBufferPointer) throws(FrameError) {
        precondition(buffer.count >= Self.tagByteCount, "no room for the tag")
        let nonce = try nextNonce()
        SodiumRuntime.ensureInitialized()
        guard let bytes = buffer.bindMemory(to: UInt8.self).baseAddress else { return }
        var written: UInt64 = 0
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
            bytes, &written, bytes, UInt64(buffer.count - Self.tagByteCount), nil, 0, nil, nonce, key)
    }

    /// Encrypts `plaintext` and returns the whole wire frame: `u32be(ciphertext length) || ciphertext`.
    mutating func seal(_ plaintext: [UInt8]) throws(FrameError) -> [UInt8] {
        let length = plaintext.count + Self.tagByteCount
        var frame = [UInt8](repeating: 0, count: Self.lengthPrefixByteCount + length)
        for index in 0..<4 { frame[index] = UInt8(truncatingIfNeeded: length >> (8 * (3 - index))) }
        frame.replaceSubrange(4..<4 + plaintext.count, with: plaintext)
        let sealed = frame.withUnsafeMutableBytes { raw in
            Result { () throws(FrameError) in
                try sealInPlace(UnsafeMutableRawBufferPointer(rebasing: raw[Self.lengthPrefixByteCount...]))
            }
        }
        try sealed.get()
        return frame
    }

    /// Decrypts and authenticates one ciphertext (the frame without its length prefix).
    mutating func open(_ ciphertext: UnsafeRawBufferPointer) throws(FrameError) -> [UInt8] {
        guard ciphertext.count >= Self.tagByteCount, let input = ciphertext.bindMemory(to: UInt8.self).baseAddress
        else { throw .frameTooShort(length: ciphertext.count) }
        let frame = counter
        let nonce = try nextNonce()
        SodiumRuntime.ensureInitialized()
        let count = ciphertext.count - Self.tagByteCount
        var failed = false
        let plaintext = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            var written: UInt64 = 0
            let status = crypto_aead_xchacha20poly1305_ietf_decrypt(
                buffer.baseAddress, &written, nil, input, UInt64(ciphertext.count), nil, 0, nonce, key)
            failed = status != 0 || written != UInt64(count)
            initialized = failed ? 0 : count
        }
        if failed { throw .authenticationFailed(frame: frame) }
        return plaintext
    }

    /// Decrypts and authenticates one ciphertext held in an array.
    mutating func open(_ ciphertext: [UInt8]) throws(FrameError) -> [UInt8] {
        try ciphertext.withUnsafeBytes { raw in Result { () throws(FrameError) in try open(raw) } }.get()
    }
}
