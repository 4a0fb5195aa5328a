/// Where to reach a peer and who it must be: `id@host:port`, as in CometBFT's `persistent_peers`.
///
/// The host is a name or an IP address (IPv6 in brackets: `id@[::1]:26656`). Dialing the address succeeds only if
/// the node that answers proves it holds the key behind `id`.
public struct PeerAddress: Hashable, Sendable, CustomStringConvertible {
    /// The node that must answer.
    public var id: NodeID
    /// The host name or IP address (without brackets).
    public var host: String
    /// The TCP port.
    public var port: Int

    /// An address from its parts.
    public init(id: NodeID, host: String, port: Int) {
        self.id = id
        self.host = host
        self.port = port
    }

    /// Parses `id@host:port` (IPv6 hosts in brackets).
    public init(_ text: String) throws(PeerAddressError) {
        guard let at = text.firstIndex(of: "@") else { throw .missingNodeID(text) }
        let id: NodeID
        do {
            id = try NodeID(hex: text[..<at])
        } catch {
            throw .invalidNodeID(text, error)
        }
        let endpoint = try HostPort(String(text[text.index(after: at)...]))
        self.init(id: id, host: endpoint.host, port: endpoint.port)
    }

    /// `id@host:port`, IPv6 hosts in brackets.
    public var description: String { "\(id)@\(HostPort(host: host, port: port))" }
}

/// Why text is not a ``PeerAddress`` or ``HostPort``.
public enum PeerAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The address has no `id@` part; persistent peers must name the node they expect.
    case missingNodeID(String)
    /// The part before `@` is not a node id.
    case invalidNodeID(String, NodeIDError)
    /// The endpoint is not `host:port` or `[ipv6]:port`.
    case invalidHostPort(String)
    /// The port is not a number from 0 to 65535.
    case invalidPort(String)

    /// A sentence saying what was wrong and what is expected.
    public var description: String {
        switch self {
        case .missingNodeID(let text):
            "peer address \"\(text)\" has no node id; write it as <40 hex digits>@host:port"
        case .invalidNodeID(let text, let error):
            "peer address \"\(text)\": \(error)"
        case .invalidHostPort(let text):
            "\"\(text)\" is not host:port (write IPv6 addresses as [addr]:port)"
        case .invalidPort(let text):
            "\"\(text)\" has no valid port (0 to 65535)"
        }
    }
}
