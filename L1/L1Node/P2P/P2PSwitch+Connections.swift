import Logging
import NIOCore
import NIOPosix

extension P2PSwitch {
    /// Opens a TCP connection to `address`, runs the handshake expecting `address.id`, and returns the admitted
    /// peer.
    func dial(_ address: PeerAddress) async throws(P2PSwitchError) -> Peer {
        guard state.withLock({ $0.phase == .running }) else { throw .notRunning }
        let loop = group.next()
        let established = loop.makePromise(of: Peer.self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(config.dialTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                install(
                    on: channel, direction: .outbound, expectedPeer: address.id,
                    dialed: HostPort(host: address.host, port: address.port), established: established)
            }
        do {
            _ = try await bootstrap.connect(host: address.host, port: address.port).get()
        } catch {
            established.fail(error)
            throw .connectFailed(address, "\(error)")
        }
        do {
            return try await established.futureResult.get()
        } catch EstablishError.handshake(let error) {
            throw .handshakeFailed(address, error)
        } catch EstablishError.rejected(let id, let reason) {
            throw .rejected(id, reason)
        } catch {
            throw .connectFailed(address, "\(error)")
        }
    }

    /// Sets up a new connection's pipeline: receive throttle, frame decoder, peer handler. Refuses the connection
    /// when the switch is not running or, for inbound ones, when the inbound limit is reached.
    func install(
        on channel: Channel, direction: ConnectionDirection, expectedPeer: NodeID?, dialed: HostPort?,
        established: EventLoopPromise<Peer>?
    ) -> EventLoopFuture<Void> {
        let number = connectionNumbers.wrappingAdd(1, ordering: .relaxed).newValue
        let connection = Connection(number: number, channel: channel, direction: direction, dialed: dialed)
        let admission: Result<NodeInfo, DisconnectReason> = state.withLock { state in
            guard state.phase == .running else { return .failure(.stopping) }
            if direction == .inbound {
                guard state.peers.inboundCount + state.handshakingInbound.count < config.maxInboundPeers else {
                    return .failure(.tooManyPeers)
                }
                state.handshakingInbound.insert(number)
            }
            state.connections[number] = connection
            return .success(state.localInfo)
        }
        let localInfo: NodeInfo
        switch admission {
        case .success(let info):
            localInfo = info
        case .failure(let refusal):
            logger.info(
                "refusing connection", metadata: ["address": "\(connection.remoteAddress)", "reason": "\(refusal)"])
            established?.fail(EstablishError.handshake(.connectionClosed))
            return channel.eventLoop.makeFailedFuture(refusal)
        }
        channel.closeFuture.whenComplete { [self] _ in
            state.withLock { state in
                state.connections[number] = nil
                state.handshakingInbound.remove(number)
            }
        }
        let handshake = Handshake(identity: identity, localInfo: localInfo, expectedPeer: expectedPeer)
        let promise = established ?? channel.eventLoop.makePromise(of: Peer.self)
        if established == nil {
            // Inbound: nobody awaits the outcome; the handler has logged it.
            promise.futureResult.whenFailure { _ in }
        }
        return channel.eventLoop.makeCompletedFuture { [self] in
            let pipeline = channel.pipeline.syncOperations
            if let rate = config.receiveRate {
                // One read of at most min(burst, 64 KiB) per `read`, so a read taken on credit stays small.
                let largestRead = min(max(rate.burst, 1024), 1 << 16)
                try channel.syncOptions?.setOption(.maxMessagesPerRead, value: 1)
                try channel.syncOptions?.setOption(
                    .recvAllocator,
                    value: AdaptiveRecvByteBufferAllocator(
                        minimum: 64, initial: min(2048, largestRead), maximum: largestRead))
                try pipeline.addHandler(ReceiveThrottle(limit: rate))
            }
            try pipeline.addHandler(
                ByteToMessageHandler(WireFrameDecoder(maxCiphertextLength: config.effectiveMaxFrameCiphertextLength)))
            try pipeline.addHandler(
                PeerHandler(
                    connection: connection, handshake: handshake, delegate: self, channels: config.channels,
                    handshakeTimeout: TimeAmount(config.handshakeTimeout), established: promise, logger: logger))
        }
    }
}

extension P2PSwitch: PeerHandlerDelegate {
    func admit(_ outcome: HandshakeOutcome, on connection: Connection) -> Result<Peer, DisconnectReason> {
        let peer = Peer(connection: connection, info: outcome.remoteInfo, sendQueueLimit: config.sendQueueLimit)
        let entry = PeerSet<Peer>.Entry(
            id: peer.id, direction: connection.direction, connection: connection.number, handle: peer)
        let (result, replaced): (Result<Peer, DisconnectReason>, Peer?) = state.withLock { state in
            state.handshakingInbound.remove(connection.number)
            guard state.phase == .running else { return (.failure(.stopping), nil) }
            switch state.peers.admit(entry) {
            case .rejected(let reason):
                return (.failure(reason), nil)
            case .admitted(let replaced):
                if let replaced {
                    continuation.yield(.peerDisconnected(replaced.id, .duplicateConnection))
                }
                continuation.yield(.peerConnected(peer.id))
                return (.success(peer), replaced?.handle)
            }
        }
        if let replaced {
            logger.info(
                "replacing duplicate connection",
                metadata: ["peer": "\(peer.id)", "kept": "\(connection.direction.rawValue)"])
            replaced.close(.duplicateConnection)
        }
        return result
    }

    func deliver(_ payload: [UInt8], on channel: ChannelID, from peer: Peer) {
        let counter = events.pendingMessages
        let dropped: Bool = state.withLock { state in
            // A connection replaced by a newer one no longer speaks for its node.
            guard state.peers.entries[peer.id]?.connection == peer.connection.number else { return false }
            guard counter.value.load(ordering: .relaxed) < config.eventQueueLimit else {
                defer { state.droppingMessages = true }
                return !state.droppingMessages
            }
            state.droppingMessages = false
            counter.value.add(1, ordering: .relaxed)
            continuation.yield(.message(peer.id, channel, payload))
            return false
        }
        if dropped {
            logger.warning(
                "event queue full: dropping messages until the consumer catches up",
                metadata: ["peer": "\(peer.id)", "limit": "\(config.eventQueueLimit)"])
        }
    }

    func connectionClosed(_ connection: Connection, peer: Peer?, reason: DisconnectReason) {
        state.withLock { state in
            state.connections[connection.number] = nil
            state.handshakingInbound.remove(connection.number)
            if let peer, state.peers.remove(id: peer.id, connection: connection.number) != nil {
                continuation.yield(.peerDisconnected(peer.id, reason))
            }
        }
    }
}
