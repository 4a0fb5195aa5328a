import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a connection's ``PeerHandler`` needs from the switch. Called on the connection's event loop.
protocol PeerHandlerDelegate: AnyObject, Sendable {
    /// The handshake succeeded: admit the peer into the peer set, or say why not.
    func admit(_ outcome: HandshakeOutcome, on connection: Connection) -> Result<Peer, DisconnectReason>
    /// An admitted peer sent a message.
    func deliver(_ payload: [UInt8], on channel: ChannelID, from peer: Peer)
    /// The connection closed; `peer` is set if it had been admitted.
    func connectionClosed(_ connection: Connection, peer: Peer?, reason: DisconnectReason)
}

/// Why a connection did not become an admitted peer (the failure of ``PeerHandler``'s `established` promise).
enum EstablishError: Error, Sendable {
    /// The handshake failed.
    case handshake(HandshakeError)
    /// The peer authenticated but the peer set refused it.
    case rejected(NodeID, DisconnectReason)
}

/// Runs one connection: the handshake, then sealing outbound and opening inbound frames.
///
/// The last handler of the pipeline, behind the ``WireFrameDecoder``. Any broken rule closes the connection and the
/// reason is logged and reported to the delegate.
final class PeerHandler: ChannelDuplexHandler {
    typealias InboundIn = WireMessage
    typealias OutboundIn = OutboundMessage
    typealias OutboundOut = ByteBuffer

    private let connection: Connection
    private let delegate: PeerHandlerDelegate
    private let channels: [ChannelID: Int]
    private let handshakeTimeout: TimeAmount
    private let established: EventLoopPromise<Peer>
    private var logger: Logger

    private var handshake: Handshake?
    private var sendCipher: FrameCipher?
    private var receiveCipher: FrameCipher?
    private var peer: Peer?
    private var timeout: Scheduled<Void>?
    private var handshakeError: HandshakeError?
    private var closeReason: DisconnectReason?

    /// A handler for `connection` that runs `handshake`, then admits the peer through `delegate` and completes
    /// `established`.
    init(
        connection: Connection, handshake: Handshake, delegate: PeerHandlerDelegate, channels: [ChannelID: Int],
        handshakeTimeout: TimeAmount, established: EventLoopPromise<Peer>, logger: Logger
    ) {
        self.connection = connection
        self.handshake = handshake
        self.delegate = delegate
        self.channels = channels
        self.handshakeTimeout = handshakeTimeout
        self.established = established
        self.logger = logger
        self.logger[metadataKey: "address"] = "\(connection.remoteAddress)"
        self.logger[metadataKey: "direction"] = "\(connection.direction.rawValue)"
    }

    // MARK: Lifecycle

    func channelActive(context: ChannelHandlerContext) {
        guard let handshake else { return }
        write(handshake.localEphemeralKey, context: context)
        context.flush()
        let reason = HandshakeError.timedOut
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: handshakeTimeout) { [self] in
            fail(reason, context: context)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        if let peer {
            let reason = closeReason ?? .closedByPeer
            logger.info("peer disconnected", metadata: ["reason": "\(reason)"])
            delegate.connectionClosed(connection, peer: peer, reason: reason)
        } else {
            let error = handshakeError ?? .connectionClosed
            if closeReason == nil {
                logger.info("handshake failed", metadata: ["reason": "\(error)"])
            }
            established.fail(EstablishError.handshake(error))
            delegate.connectionClosed(connection, peer: nil, reason: closeReason ?? .closedByPeer)
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
        established.fail(EstablishError.handshake(handshakeError ?? .connectionClosed))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        switch error {
        case let error as FrameError where peer == nil:
            fail(.frame(error), context: context)
        case let error as FrameError:
            close(.protocolViolation(error), context: context)
        case let error as HandshakeError:
            fail(error, context: context)
        case let error as IOError where error.errnoCode == ECONNRESET || error.errnoCode == EPIPE:
            // An abortive close (the peer closed with data unread) is still the peer closing.
            if peer == nil {
                handshakeError = handshakeError ?? .connectionClosed
            }
            close(.closedByPeer, context: context)
        default:
            if peer == nil {
                handshakeError = handshakeError ?? .connectionClosed
            }
            close(.socketError("\(error)"), context: context)
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let request = event as? CloseRequest {
            close(request.reason, context: context)
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard closeReason == nil, handshakeError == nil else { return }
        switch unwrapInboundIn(data) {
        case .ephemeralKey(let key):
            connection.bytesReceived.add(UInt64(key.count), ordering: .relaxed)
            receiveEphemeralKey(key, context: context)
        case .frame(let ciphertext):
            connection.bytesReceived.add(
                UInt64(FrameCipher.lengthPrefixByteCount + ciphertext.readableBytes), ordering: .relaxed)
            if peer == nil {
                receiveHandshakeFrame(ciphertext, context: context)
            } else {
                receiveMessage(ciphertext, context: context)
            }
        }
    }

    private func receiveEphemeralKey(_ key: [UInt8], context: ChannelHandlerContext) {
        guard var handshake else { return }
        do {
            let reply = try handshake.receiveEphemeralKey(key)
            self.handshake = handshake
            write(reply, context: context)
            context.flush()
        } catch {
            fail(error, context: context)
        }
    }

    private func receiveHandshakeFrame(_ ciphertext: ByteBuffer, context: ChannelHandlerContext) {
        guard var handshake else { return }
        let progress: Handshake.Progress
        do {
            progress = try handshake.receiveFrame(Array(ciphertext.readableBytesView))
        } catch {
            fail(error, context: context)
            return
        }
        self.handshake = handshake
        switch progress {
        case .reply(let frame):
            write(frame, context: context)
            context.flush()
        case .complete(let outcome):
            timeout?.cancel()
            self.handshake = nil
            sendCipher = outcome.sendCipher
            receiveCipher = outcome.receiveCipher
            logger[metadataKey: "peer"] = "\(outcome.remoteInfo.nodeID)"
            switch delegate.admit(outcome, on: connection) {
            case .success(let peer):
                self.peer = peer
                logger.info("peer connected", metadata: ["moniker": "\(outcome.remoteInfo.moniker)"])
                established.succeed(peer)
            case .failure(let reason):
                logger.info("peer not admitted", metadata: ["reason": "\(reason)"])
                established.fail(EstablishError.rejected(outcome.remoteInfo.nodeID, reason))
                handshakeError = .connectionClosed
                closeReason = reason
                context.close(promise: nil)
            }
        }
    }

    private func receiveMessage(_ ciphertext: ByteBuffer, context: ChannelHandlerContext) {
        guard var cipher = receiveCipher, let peer else { return }
        let opened = ciphertext.withUnsafeReadableBytes { raw in
            Result { () throws(FrameError) in try cipher.open(raw) }
        }
        receiveCipher = cipher
        let plaintext: [UInt8]
        switch opened {
        case .success(let bytes): plaintext = bytes
        case .failure(let error): return close(.protocolViolation(error), context: context)
        }
        guard let first = plaintext.first else {
            return close(.protocolViolation(.frameTooShort(length: ciphertext.readableBytes)), context: context)
        }
        let channel = ChannelID(rawValue: first)
        guard let cap = channels[channel] else {
            return close(.protocolViolation(.unknownChannel(channel)), context: context)
        }
        guard plaintext.count - 1 <= cap else {
            let error = FrameError.messageTooLarge(channel: channel, size: plaintext.count - 1, cap: cap)
            return close(.protocolViolation(error), context: context)
        }
        delegate.deliver(Array(plaintext[1...]), on: channel, from: peer)
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = unwrapOutboundIn(data)
        guard closeReason == nil, var cipher = sendCipher else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let length = 1 + message.payload.count + FrameCipher.tagByteCount
        var buffer = context.channel.allocator.buffer(capacity: FrameCipher.lengthPrefixByteCount + length)
        buffer.writeInteger(UInt32(length), endianness: .big)
        buffer.writeInteger(message.channel.rawValue)
        buffer.writeBytes(message.payload)
        buffer.writeRepeatingByte(0, count: FrameCipher.tagByteCount)
        let sealed = buffer.withUnsafeMutableReadableBytes { raw in
            Result { () throws(FrameError) in
                try cipher.sealInPlace(
                    UnsafeMutableRawBufferPointer(rebasing: raw[FrameCipher.lengthPrefixByteCount...]))
            }
        }
        sendCipher = cipher
        if case .failure(let error) = sealed {
            promise?.fail(error)
            return close(.protocolViolation(error), context: context)
        }
        connection.bytesSent.add(UInt64(buffer.readableBytes), ordering: .relaxed)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    // MARK: Helpers

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        connection.bytesSent.add(UInt64(bytes.count), ordering: .relaxed)
        context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    /// Ends the handshake with `error` and closes.
    private func fail(_ error: HandshakeError, context: ChannelHandlerContext) {
        guard peer == nil, handshakeError == nil else { return }
        handshakeError = error
        timeout?.cancel()
        established.fail(EstablishError.handshake(error))
        context.close(promise: nil)
    }

    /// Closes an established connection, remembering the first reason.
    private func close(_ reason: DisconnectReason, context: ChannelHandlerContext) {
        guard closeReason == nil else { return }
        closeReason = reason
        if peer != nil, reason != .stopping {
            logger.notice("closing peer connection", metadata: ["reason": "\(reason)"])
        }
        if peer == nil, handshakeError == nil {
            handshakeError = .connectionClosed
        }
        context.close(promise: nil)
    }
}
/// A message for a peer's handler to seal and send.
struct OutboundMessage: Sendable {
    /// The channel.
    let channel: ChannelID
    /// The message bytes.
    let payload: [UInt8]
}

/// Asks a peer's handler to close its connection, recording why.
struct CloseRequest: Sendable {
    /// Why.
    let reason: DisconnectReason
}
