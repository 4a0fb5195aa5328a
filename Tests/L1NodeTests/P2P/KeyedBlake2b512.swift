import CSodium

/// An independent call of libsodium's keyed BLAKE2b-512, to check the session key derivation in tests.
enum KeyedBlake2b512 {
    static func hash(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        _ = crypto_generichash(&out, 64, message, UInt64(message.count), key, key.count)
        return out
    }
}
