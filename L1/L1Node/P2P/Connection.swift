import NIOCore
import Synchronization

/// One TCP connection, from accept or connect to close: its socket channel, direction and byte counters.
final class Connection: Sendable {
    /// Unique within the switch.
    let number: UInt64
    /// The socket channel.
    let channel: Channel
    /// Who dialed.
    let direction: ConnectionDirection
    /// The remote socket address, `host:port`.
    let remoteAddress: String
    /// Wire bytes received.
    let bytesReceived = Atomic<UInt64>(0)
    /// Wire bytes sent.
    let bytesSent = Atomic<UInt64>(0)

    /// A connection on `channel`. `dialed` is the address an outbound connection was opened to (its socket has no
    /// remote address yet when the pipeline is set up); inbound connections take the accepted socket's.
    init(number: UInt64, channel: Channel, direction: ConnectionDirection, dialed: HostPort?) {
        self.number = number
        self.channel = channel
        self.direction = direction
        remoteAddress = dialed?.description ?? channel.remoteAddress.map(Self.format) ?? "unknown"
    }

    private static func format(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return HostPort(host: ip, port: port).description
    }
}
