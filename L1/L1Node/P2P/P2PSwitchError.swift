/// Why a ``P2PSwitch`` call failed.
public enum P2PSwitchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration is inconsistent; the sentence says what to change.
    case invalidConfig(String)
    /// ``P2PSwitch/start()`` was called twice, or after ``P2PSwitch/stop()``.
    case alreadyStarted
    /// The switch is not running (not started yet, or stopped).
    case notRunning
    /// The listen address could not be bound.
    case bindFailed(HostPort, String)
    /// The TCP connection to a peer could not be opened.
    case connectFailed(PeerAddress, String)
    /// The handshake with a peer failed.
    case handshakeFailed(PeerAddress, HandshakeError)
    /// The peer authenticated but was not admitted (a duplicate that lost the tie-break, too many peers...).
    case rejected(NodeID, DisconnectReason)
    /// The address names this node itself.
    case dialSelf
    /// No connected peer has this id.
    case peerNotConnected(NodeID)
    /// The channel is not in ``P2PConfig/channels``.
    case unknownChannel(ChannelID)
    /// The message is larger than its channel's cap.
    case messageTooLarge(channel: ChannelID, size: Int, cap: Int)
    /// The peer's send queue is full: the message was dropped (the peer stays connected).
    case sendQueueFull(NodeID)

    /// A sentence saying what was wrong and, where it helps, what to do.
    public var description: String {
        switch self {
        case .invalidConfig(let reason): "invalid P2P configuration: \(reason)"
        case .alreadyStarted: "the P2P switch was already started"
        case .notRunning: "the P2P switch is not running"
        case .bindFailed(let address, let reason): "cannot listen on \(address): \(reason)"
        case .connectFailed(let address, let reason): "cannot connect to \(address): \(reason)"
        case .handshakeFailed(let address, let error): "handshake with \(address) failed: \(error)"
        case .rejected(let id, let reason): "peer \(id) not admitted: \(reason)"
        case .dialSelf: "the address names this node itself"
        case .peerNotConnected(let id): "peer \(id) is not connected"
        case .unknownChannel(let channel): "channel \(channel) is not configured"
        case .messageTooLarge(let channel, let size, let cap):
            "message of \(size) bytes exceeds channel \(channel)'s cap of \(cap) bytes"
        case .sendQueueFull(let id): "send queue to peer \(id) is full; message dropped"
        }
    }
}
