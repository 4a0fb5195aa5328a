/// Which side opened a connection.
public enum ConnectionDirection: String, Hashable, Sendable {
    /// The peer dialed this node.
    case inbound
    /// This node dialed the peer.
    case outbound
}
