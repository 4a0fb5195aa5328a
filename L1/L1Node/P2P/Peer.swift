import NIOCore
import Synchronization

/// An authenticated, admitted peer: a ``Connection`` plus who is on the other end, and its bounded send queue.
final class Peer: Sendable {
    /// The connection.
    let connection: Connection
    /// What the peer said in the handshake (its id is authenticated).
    let info: NodeInfo
    /// The most bytes queued for sending.
    let sendQueueLimit: Int
    /// Wire bytes handed to the socket and not yet written.
    private let queuedBytes = Atomic<Int>(0)
    /// Cleared when the peer leaves the peer set; its late messages are then not delivered.
    let isAdmitted = Atomic<Bool>(true)

    /// A peer on `connection` that sent `info`.
    init(connection: Connection, info: NodeInfo, sendQueueLimit: Int) {
        self.connection = connection
        self.info = info
        self.sendQueueLimit = sendQueueLimit
    }

    /// The peer's id.
    var id: NodeID { info.nodeID }

    /// Queues `payload` on `channel`; the peer's handler seals and writes it in order on the event loop.
    ///
    /// Throws ``P2PSwitchError/sendQueueFull(_:)`` (and drops the message) when it does not fit in the queue.
    func send(_ payload: [UInt8], on channel: ChannelID) throws(P2PSwitchError) {
        let size = FrameCipher.lengthPrefixByteCount + 1 + payload.count + FrameCipher.tagByteCount
        var queued = queuedBytes.load(ordering: .relaxed)
        while true {
            guard queued + size <= sendQueueLimit else { throw .sendQueueFull(id) }
            let (exchanged, original) = queuedBytes.compareExchange(
                expected: queued, desired: queued + size, ordering: .relaxed)
            if exchanged { break }
            queued = original
        }
        let promise = connection.channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { [self] _ in
            queuedBytes.subtract(size, ordering: .relaxed)
        }
        connection.channel.writeAndFlush(OutboundMessage(channel: channel, payload: payload), promise: promise)
    }

    /// Asks the peer's handler to close the connection for `reason`.
    func close(_ reason: DisconnectReason) {
        connection.channel.triggerUserOutboundEvent(CloseRequest(reason: reason), promise: nil)
    }

    /// A snapshot for ``P2PSwitch/peers``.
    var snapshot: PeerInfo {
        PeerInfo(
            id: id, nodeInfo: info, remoteAddress: connection.remoteAddress, direction: connection.direction,
            bytesReceived: connection.bytesReceived.load(ordering: .relaxed),
            bytesSent: connection.bytesSent.load(ordering: .relaxed))
    }
}
