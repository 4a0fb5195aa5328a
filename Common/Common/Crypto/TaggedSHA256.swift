import CSodium

/// BIP-340's tagged hash, `SHA256(SHA256(tag) || SHA256(tag) || x)`, fed in pieces. ``finalized()`` reads the
/// digest of what has been fed so far and leaves the hash open for more (half-aggregation hashes every prefix
/// of its input).
struct TaggedSHA256: Sendable {
    private var state = crypto_hash_sha256_state()

    /// Starts the hash of `tag`, with its two tag hashes fed.
    init(tag: String) {
        Sodium.ensureInitialized()
        var tagHash = [UInt8](repeating: 0, count: 32)
        let tagBytes = Array(tag.utf8)
        crypto_hash_sha256(&tagHash, tagBytes, UInt64(tagBytes.count))
        crypto_hash_sha256_init(&state)
        crypto_hash_sha256_update(&state, tagHash, 32)
        crypto_hash_sha256_update(&state, tagHash, 32)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        crypto_hash_sha256_update(&state, bytes.bindMemory(to: UInt8.self).baseAddress, UInt64(bytes.count))
    }

    /// The digest of everything fed so far; the hash stays open.
    func finalized() -> Bytes32 {
        var copy = state
        return Bytes32.filled { crypto_hash_sha256_final(&copy, $0) }
    }

    private static let challengePrefix = TaggedSHA256(tag: "BIP0340/challenge")

    /// BIP-340's challenge hash `hash_BIP0340/challenge(r || pk || m)` for a 32-byte message.
    static func bip340Challenge(r: Bytes32, key: Bytes32, digest: Hash) -> Bytes32 {
        var hash = challengePrefix
        r.withUnsafeBytes { hash.update($0) }
        key.withUnsafeBytes { hash.update($0) }
        digest.withUnsafeBytes { hash.update($0) }
        return hash.finalized()
    }
}
