/// Why a handshake failed. The connection is closed; the peer never counts as connected.
public enum HandshakeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The peer's ephemeral key is a low-order point: the shared secret would be all zeros.
    case weakEphemeralKey
    /// The peer sent back our own ephemeral key.
    case reflectedEphemeralKey
    /// A handshake frame did not decrypt (wrong keys, or tampered).
    case decryptionFailed
    /// The auth message does not decode (an invalid key, a network id over 64 bytes, trailing bytes).
    case malformedAuthMessage(String)
    /// The auth signature does not verify for this connection's transcript (an attack or a broken peer).
    case invalidSignature
    /// The peer is not the node the address named: it authenticated as `actual`.
    case peerIDMismatch(expected: NodeID, actual: NodeID)
    /// The peer authenticated with our own node key: we dialed ourselves.
    case selfConnection
    /// The node info frame does not decode.
    case malformedNodeInfo(String)
    /// The node info names another node than the key the peer authenticated with.
    case nodeInfoIDMismatch(authenticated: NodeID, claimed: NodeID)
    /// The peer is on another network (chain id).
    case networkMismatch(local: String, remote: String)
    /// The peer speaks an incompatible protocol version.
    case incompatibleVersion(local: ProtocolVersion, remote: ProtocolVersion)
    /// The handshake did not finish in time.
    case timedOut
    /// The connection closed before the handshake finished.
    case connectionClosed
    /// A frame during the handshake broke the framing rules.
    case frame(FrameError)

    /// A sentence saying what was wrong and, where it helps, what to check.
    public var description: String {
        switch self {
        case .weakEphemeralKey:
            "peer sent a low-order ephemeral key (all-zero shared secret)"
        case .reflectedEphemeralKey:
            "peer sent back our own ephemeral key"
        case .decryptionFailed:
            "handshake frame failed authentication"
        case .malformedAuthMessage(let reason):
            "malformed auth message: \(reason)"
        case .invalidSignature:
            "peer's handshake signature does not verify for this connection"
        case .peerIDMismatch(let expected, let actual):
            "expected node \(expected) but the peer authenticated as \(actual); check the peer address"
        case .selfConnection:
            "the peer is this node itself"
        case .malformedNodeInfo(let reason):
            "malformed node info: \(reason)"
        case .nodeInfoIDMismatch(let authenticated, let claimed):
            "peer authenticated as \(authenticated) but its node info claims \(claimed)"
        case .networkMismatch(let local, let remote):
            "peer is on network \"\(remote)\", this node on \"\(local)\""
        case .incompatibleVersion(let local, let remote):
            "peer speaks P2P protocol \(remote), incompatible with this node's \(local)"
        case .timedOut:
            "handshake timed out"
        case .connectionClosed:
            "connection closed during the handshake"
        case .frame(let error):
            "handshake frame refused: \(error)"
        }
    }
}
