import CSodium
import Common

/// What both sides of a handshake derive from the X25519 shared secret and the two ephemeral public keys
/// (docs/p2p.md, "Key derivation"):
///
///     (lo, hi)   = the two ephemeral public keys, sorted bytewise (equal keys are rejected)
///     okm        = BLAKE2b-512(key: shared secret, message: "strata/p2p/session/v1" || lo || hi)
///     key lo→hi  = okm[0..<32]   (encrypts what the side holding `lo` sends)
///     key hi→lo  = okm[32..<64]  (encrypts what the side holding `hi` sends)
///     transcript = BLAKE2b-256(lo || hi)
struct SessionKeys: Sendable {
    /// The XChaCha20-Poly1305 key for frames this side sends.
    let sendKey: [UInt8]
    /// The XChaCha20-Poly1305 key for frames this side receives.
    let receiveKey: [UInt8]
    /// The transcript hash each side signs with its node key.
    let transcript: Hash

    /// The label hashed in front of the sorted keys, so these keys are never those of another protocol.
    static let label = Array("strata/p2p/session/v1".utf8)

    /// Derives the keys seen from the side whose ephemeral public key is `localEphemeral`.
    ///
    /// Throws ``HandshakeError/reflectedEphemeralKey`` when both keys are equal: the peer echoed our key back.
    init(sharedSecret: [UInt8], localEphemeral: [UInt8], remoteEphemeral: [UInt8]) throws(HandshakeError) {
        guard localEphemeral != remoteEphemeral else { throw .reflectedEphemeralKey }
        let localIsLow = localEphemeral.lexicographicallyPrecedes(remoteEphemeral)
        let (low, high) = localIsLow ? (localEphemeral, remoteEphemeral) : (remoteEphemeral, localEphemeral)
        let message = Self.label + low + high
        SodiumRuntime.ensureInitialized()
        var okm = [UInt8](repeating: 0, count: 64)
        _ = crypto_generichash(&okm, okm.count, message, UInt64(message.count), sharedSecret, sharedSecret.count)
        let lowToHigh = Array(okm[0..<32])
        let highToLow = Array(okm[32..<64])
        sendKey = localIsLow ? lowToHigh : highToLow
        receiveKey = localIsLow ? highToLow : lowToHigh
        transcript = Hash.blake2b(low + high)
    }
}
