import Common

/// The first encrypted frame each side sends: its Ed25519 node public key, its signature over the transcript hash
/// (domain ``SigningDomain/p2pHandshake``, chain id = the network) and the network it signed for.
///
/// Encoded as `publicKey (32 raw bytes) || signature (64 raw bytes) || string network`. The network travels with
/// the signature so that a peer on another network is reported as such, not as a bad signature.
struct AuthMessage: Sendable, Equatable {
    /// The sender's node key.
    var publicKey: Ed25519PublicKey
    /// The sender's signature of the transcript on ``network``.
    var signature: Ed25519Signature
    /// The network (chain id) the sender is on.
    var network: String

    /// The largest encoding.
    static let maxEncodedByteCount =
        Ed25519PublicKey.byteCount + Ed25519Signature.byteCount + 1
        + NodeInfo.maxNetworkByteCount

    /// Signs `transcript` for `network` with `identity`.
    init(signing transcript: Hash, network: String, identity: Ed25519PrivateKey) {
        publicKey = identity.publicKey
        signature = identity.sign(domain: .p2pHandshake, chainID: network, message: transcript.bytes)
        self.network = network
    }

    /// Decodes the encoding; rejects invalid keys, overlong networks and trailing bytes.
    init(decoding bytes: [UInt8]) throws(HandshakeError) {
        var reader = ByteReader(bytes)
        do {
            publicKey = try reader.read(Ed25519PublicKey.self)
            signature = try reader.read(Ed25519Signature.self)
            network = try reader.readString(cap: NodeInfo.maxNetworkByteCount, "network")
            try reader.expectEnd()
        } catch {
            throw .malformedAuthMessage(error.description)
        }
    }

    /// The encoding.
    var encoded: [UInt8] {
        var writer = ByteWriter(capacity: Self.maxEncodedByteCount)
        writer.write(publicKey)
        writer.write(signature)
        writer.writeString(network)
        return writer.bytes
    }

    /// Whether the signature covers `transcript` on the message's network.
    func verifies(transcript: Hash) -> Bool {
        publicKey.verify(signature, domain: .p2pHandshake, chainID: network, message: transcript.bytes)
    }
}
