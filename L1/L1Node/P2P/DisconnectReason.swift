/// Why a connection to a peer ended (or was refused once authenticated).
public enum DisconnectReason: Error, Equatable, Sendable, CustomStringConvertible {
    /// The peer closed the connection, or the socket reported end of file.
    case closedByPeer
    /// The peer sent a frame that broke the rules (tampered, oversized, unknown channel...).
    case protocolViolation(FrameError)
    /// Another connection to the same node won the tie-break (at most one connection per node).
    case duplicateConnection
    /// The inbound peer limit is reached.
    case tooManyPeers
    /// This node is stopping.
    case stopping
    /// The socket failed.
    case socketError(String)

    /// A sentence saying why, for logs.
    public var description: String {
        switch self {
        case .closedByPeer: "closed by the peer"
        case .protocolViolation(let error): "protocol violation: \(error)"
        case .duplicateConnection: "duplicate connection to the same node"
        case .tooManyPeers: "too many inbound peers"
        case .stopping: "the node is stopping"
        case .socketError(let message): "socket error: \(message)"
        }
    }
}
