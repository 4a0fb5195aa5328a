/// A snapshot of one connected peer, for ``P2PSwitch/peers`` (and later `/net_info`).
public struct PeerInfo: Hashable, Sendable {
    /// The peer's id.
    public var id: NodeID
    /// What the peer said about itself in the handshake.
    public var nodeInfo: NodeInfo
    /// The remote socket address, `host:port`.
    public var remoteAddress: String
    /// Who opened the connection.
    public var direction: ConnectionDirection
    /// Bytes received on the connection (wire bytes, the handshake included).
    public var bytesReceived: UInt64
    /// Bytes sent on the connection (wire bytes, the handshake included).
    public var bytesSent: UInt64
}
