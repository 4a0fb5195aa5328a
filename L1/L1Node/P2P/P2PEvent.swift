/// What a ``P2PSwitch`` reports, in order, on ``P2PSwitch/events``.
///
/// For one peer, `peerConnected` comes before its messages, and `peerDisconnected` after them; a peer id is
/// connected at most once at a time.
public enum P2PEvent: Sendable, Equatable {
    /// A peer finished the handshake and is in the peer set.
    case peerConnected(NodeID)
    /// A peer left the peer set, and why.
    case peerDisconnected(NodeID, DisconnectReason)
    /// A peer sent `payload` on a channel.
    case message(NodeID, ChannelID, [UInt8])
}
