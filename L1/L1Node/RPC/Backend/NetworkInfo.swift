/// What `/net_info` reports: whether the node accepts P2P connections, where, and who it is connected to.
public struct NetworkInfo: Hashable, Sendable {
    /// Whether the P2P listener is up.
    public var listening: Bool
    /// The P2P listen addresses, `host:port`.
    public var listeners: [String]
    /// The connected peers.
    public var peers: [PeerInfo]

    /// Creates a network report.
    public init(listening: Bool, listeners: [String], peers: [PeerInfo]) {
        self.listening = listening
        self.listeners = listeners
        self.peers = peers
    }
}
