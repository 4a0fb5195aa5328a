import CSodium

/// A one-connection X25519 key pair (libsodium `crypto_box_keypair`): each side of a handshake makes a fresh one,
/// so that recording the traffic and later stealing a node key reveals nothing (forward secrecy).
struct EphemeralKeyPair: Sendable {
    /// The 32-byte public key sent in the clear as the first bytes of the connection.
    let publicKey: [UInt8]
    /// The 32-byte secret scalar; never leaves the process.
    private let secretKey: [UInt8]

    /// The number of bytes in an X25519 public key.
    static let byteCount = 32

    /// A fresh random key pair.
    init() {
        SodiumRuntime.ensureInitialized()
        var publicKey = [UInt8](repeating: 0, count: Self.byteCount)
        var secretKey = [UInt8](repeating: 0, count: Self.byteCount)
        _ = crypto_box_keypair(&publicKey, &secretKey)
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The key pair of a given 32-byte secret (fixed test vectors only; real connections use ``init()``).
    init(secretKey: [UInt8]) {
        precondition(secretKey.count == Self.byteCount, "an X25519 secret key is 32 bytes")
        SodiumRuntime.ensureInitialized()
        var publicKey = [UInt8](repeating: 0, count: Self.byteCount)
        _ = crypto_scalarmult_base(&publicKey, secretKey)
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The X25519 shared secret with the peer's ephemeral public key (libsodium `crypto_scalarmult`).
    ///
    /// Throws ``HandshakeError/weakEphemeralKey`` when the result is all zeros, which happens exactly when the peer
    /// sent a low-order point: such a key would give a secret the peer (or anyone) already knows.
    func sharedSecret(with remotePublicKey: [UInt8]) throws(HandshakeError) -> [UInt8] {
        guard remotePublicKey.count == Self.byteCount else { throw .weakEphemeralKey }
        var shared = [UInt8](repeating: 0, count: Self.byteCount)
        let status = crypto_scalarmult(&shared, secretKey, remotePublicKey)
        // libsodium already fails on an all-zero result; check again so the rule does not depend on its version.
        guard status == 0, sodium_is_zero(shared, shared.count) == 0 else { throw .weakEphemeralKey }
        return shared
    }
}
