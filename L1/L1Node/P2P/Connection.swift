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

    /// A connection on `channel`.
    init(number: UInt64, channel: Channel, direction: ConnectionDirection) {
        self.number = number
        self.channel = channel
        self.direction = direction
        remoteAddress = channel.remoteAddress.map(Self.format) ?? "unknown"
    }

    private static func format(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return HostPort(host: ip, port: port).description
    }
}
