import Common
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The node's P2P switch: listens for peers, dials and redials persistent peers, keeps at most one authenticated,
/// encrypted connection per node, and moves `(channel, payload)` messages between this node and its peers.
///
/// ```swift
/// let p2p = P2PSwitch(identity: nodeKey, config: config)
/// try await p2p.start()
/// Task { for await event in p2p.events { ... } }
/// try p2p.send(vote, on: .consensusVote, to: peerID)
/// await p2p.stop()
/// ```
///
/// Every method may be called from any thread or task. Call ``stop()`` before dropping the switch.
public final class P2PSwitch: Sendable {
    /// This node's id (from its node key).
    public let nodeID: NodeID
    /// The configuration it runs with.
    public let config: P2PConfig
    /// What happens: peers connecting and disconnecting, and their messages. One consumer; ends at ``stop()``.
    public let events: P2PEvents

    let identity: Ed25519PrivateKey
    let group: any EventLoopGroup
    let logger: Logger
    let state: Mutex<State>
    let continuation: AsyncStream<P2PEvent>.Continuation
    let connectionNumbers = Atomic<UInt64>(0)

    /// The switch's mutable state, under ``state``'s lock. Never call into NIO while holding it.
    struct State: Sendable {
        /// Where the switch is in its life.
        enum Phase: Sendable {
            case idle, starting, running, stopped
        }

        var phase = Phase.idle
        var server: Channel?
        var listenAddress: HostPort?
        var localInfo: NodeInfo
        var peers: PeerSet<Peer>
        /// Every open connection, in the handshake or admitted.
        var connections: [UInt64: Connection] = [:]
        /// Inbound connections still in the handshake (they count against the inbound limit).
        var handshakingInbound: Set<UInt64> = []
        var dialers: [Task<Void, Never>] = []
        /// Whether message events are being dropped (so the drop is logged once, not per message).
        var droppingMessages = false
    }

    /// A switch for the node with key `identity`, on `group`'s event loops, logging to `logger`.
    public init(
        identity: Ed25519PrivateKey, config: P2PConfig,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "strata.p2p")
    ) {
        let nodeID = NodeID(publicKey: identity.publicKey)
        self.nodeID = nodeID
        self.config = config
        self.identity = identity
        self.group = group
        var logger = logger
        logger[metadataKey: "node"] = "\(nodeID)"
        self.logger = logger
        let (stream, continuation) = AsyncStream<P2PEvent>.makeStream(bufferingPolicy: .unbounded)
        self.continuation = continuation
        events = P2PEvents(stream: stream, pendingMessages: PendingCounter())
        let localInfo = NodeInfo(
            nodeID: nodeID, network: config.network, version: .current,
            listenAddress: (config.externalAddress ?? config.listen).description, moniker: config.moniker)
        state = Mutex(State(localInfo: localInfo, peers: PeerSet(localID: nodeID, maxInbound: config.maxInboundPeers)))
    }

    /// Binds the listen address, then starts dialing the persistent peers.
    public func start() async throws(P2PSwitchError) {
        try config.validate()
        try state.withLock { (state) throws(P2PSwitchError) in
            guard state.phase == .idle else { throw .alreadyStarted }
            state.phase = .starting
        }
        let server: Channel
        do {
            // Accept nothing until the bound address is recorded (it goes into our NodeInfo).
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.autoRead, value: false)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { [self] channel in
                    install(on: channel, direction: .inbound, expectedPeer: nil, dialed: nil, established: nil)
                }
                .bind(host: config.listen.host, port: config.listen.port).get()
        } catch {
            state.withLock { $0.phase = .idle }
            throw .bindFailed(config.listen, "\(error)")
        }
        let bound = HostPort(host: config.listen.host, port: server.localAddress?.port ?? config.listen.port)
        let addresses = Dictionary(config.persistentPeers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        state.withLock { state in
            state.server = server
            state.listenAddress = bound
            state.localInfo.listenAddress = (config.externalAddress ?? bound).description
            state.phase = .running
            for id in addresses.keys.sorted() where id != nodeID {
                guard let address = addresses[id] else { continue }
                state.dialers.append(Task { [self] in await keepConnected(to: address) })
            }
        }
        logger.info("P2P switch listening", metadata: ["address": "\(bound)"])
        if addresses[nodeID] != nil {
            logger.warning("persistent peers list this node itself; skipping it")
        }
        do {
            try await server.setOption(.autoRead, value: true).get()
        } catch {
            logger.error("cannot start accepting connections", metadata: ["error": "\(error)"])
        }
    }

    /// Stops gracefully: stops accepting and dialing, closes every connection (reporting each admitted peer as
    /// disconnected with ``DisconnectReason/stopping``), waits for all of it, then ends ``events``. A switch never
    /// started just ends ``events``; a stopped switch cannot be started again.
    public func stop() async {
        let taken: (Channel?, [Connection], [Task<Void, Never>])? = state.withLock { state in
            switch state.phase {
            case .running:
                state.phase = .stopped
                return (state.server, Array(state.connections.values), state.dialers)
            case .idle:
                state.phase = .stopped
                return (nil, [], [])
            case .starting, .stopped:
                return nil
            }
        }
        guard let (server, connections, dialers) = taken else { return }
        for dialer in dialers { dialer.cancel() }
        try? await server?.close()
        for connection in connections {
            connection.channel.triggerUserOutboundEvent(CloseRequest(reason: .stopping), promise: nil)
        }
        for connection in connections {
            try? await connection.channel.closeFuture.get()
        }
        for dialer in dialers { await dialer.value }
        continuation.finish()
        logger.info("P2P switch stopped")
    }

    /// The address the switch listens on (with the bound port when ``P2PConfig/listen`` asked for port 0), once
    /// started.
    public var listenAddress: HostPort? {
        state.withLock { $0.listenAddress }
    }

    /// The connected peers, by id.
    public var peers: [PeerInfo] {
        state.withLock { state in state.peers.entries.values.map(\.handle) }.map(\.snapshot).sorted { $0.id < $1.id }
    }

    /// Queues `payload` for `peer` on `channel`. Returns once queued; the bytes are sealed and written in order.
    ///
    /// Throws when the switch is not running, the channel is unknown, the message is over its channel's cap, the
    /// peer is not connected, or its send queue is full (the message is then dropped; the peer stays connected).
    public func send(_ payload: [UInt8], on channel: ChannelID, to peer: NodeID) throws(P2PSwitchError) {
        try checkOutbound(payload, on: channel)
        let target = state.withLock { state in state.peers.entries[peer]?.handle }
        guard let target else { throw .peerNotConnected(peer) }
        try target.send(payload, on: channel)
    }

    /// Queues `payload` on `channel` for every connected peer; returns the ids it was queued for, in order.
    ///
    /// A peer whose send queue is full is skipped (and logged). Throws only for a message that no peer could take
    /// (unknown channel, over the cap, switch not running).
    @discardableResult
    public func broadcast(_ payload: [UInt8], on channel: ChannelID) throws(P2PSwitchError) -> [NodeID] {
        try checkOutbound(payload, on: channel)
        let targets = state.withLock { state in state.peers.entries.values.map(\.handle) }.sorted { $0.id < $1.id }
        var queued: [NodeID] = []
        for target in targets {
            do {
                try target.send(payload, on: channel)
                queued.append(target.id)
            } catch {
                logger.warning(
                    "broadcast skipped a peer", metadata: ["peer": "\(target.id)", "reason": "\(error)"])
            }
        }
        return queued
    }

    /// Dials `address` once and returns the admitted peer; returns at once if that node is already connected.
    ///
    /// Throws ``P2PSwitchError/handshakeFailed(_:_:)`` with ``HandshakeError/peerIDMismatch(expected:actual:)``
    /// when another node answers, and the other handshake errors as they happen.
    @discardableResult
    public func connect(to address: PeerAddress) async throws(P2PSwitchError) -> PeerInfo {
        guard address.id != nodeID else { throw .dialSelf }
        if let existing = state.withLock({ $0.peers.entries[address.id]?.handle }) { return existing.snapshot }
        return try await dial(address).snapshot
    }

    private func checkOutbound(_ payload: [UInt8], on channel: ChannelID) throws(P2PSwitchError) {
        guard state.withLock({ $0.phase == .running }) else { throw .notRunning }
        guard let cap = config.channels[channel] else { throw .unknownChannel(channel) }
        guard payload.count <= cap else { throw .messageTooLarge(channel: channel, size: payload.count, cap: cap) }
    }
}
