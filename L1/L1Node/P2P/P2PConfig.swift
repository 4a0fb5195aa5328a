/// How a ``P2PSwitch`` behaves: where it listens, whom it dials, and its limits.
///
/// Every limit is explicit; ``validate()`` (called by ``P2PSwitch/start()``) rejects inconsistent ones.
public struct P2PConfig: Sendable {
    /// The network (chain id) this node is on; peers on another network are refused during the handshake.
    public var network: String
    /// Where to listen for inbound connections (port 0: any free port, see ``P2PSwitch/listenAddress``).
    public var listen: HostPort
    /// The address to tell peers they can dial (in ``NodeInfo``); `nil` uses the bound listen address.
    public var externalAddress: HostPort?
    /// A human-readable name for this node.
    public var moniker: String
    /// Peers to dial at start and redial whenever they drop.
    public var persistentPeers: [PeerAddress]
    /// The most inbound peers at once (connected or still in the handshake); further connections are closed.
    public var maxInboundPeers: Int
    /// The channels this node speaks and the largest message (payload bytes) each accepts.
    public var channels: [ChannelID: Int]
    /// The largest frame ciphertext accepted after the handshake, checked before the frame is read. `nil`: the
    /// largest channel message plus the channel byte and the 16-byte tag.
    public var maxFrameCiphertextLength: Int?
    /// The receive rate limit per peer; `nil` for none.
    public var receiveRate: RateLimit?
    /// The most bytes queued for sending to one peer; a send that would exceed it is refused with
    /// ``P2PSwitchError/sendQueueFull(_:)`` (the message is dropped, the peer stays connected).
    public var sendQueueLimit: Int
    /// The most undelivered ``P2PEvent/message(_:_:_:)`` events; further messages are dropped (and logged)
    /// until the consumer of ``P2PSwitch/events`` catches up. Connection events are never dropped.
    public var eventQueueLimit: Int
    /// How long a handshake may take.
    public var handshakeTimeout: Duration
    /// How long a TCP connect may take.
    public var dialTimeout: Duration
    /// Backoff between redials of a persistent peer.
    public var redialBackoff: Backoff

    /// A configuration for `network` with defaults for everything else: listen on `0.0.0.0:26656`, no persistent
    /// peers, 40 inbound peers, ``defaultChannels``, ``RateLimit/default``, a 64 MiB send queue per peer,
    /// 10 000 queued message events, a 10 s handshake, a 5 s connect, ``Backoff/default``.
    public init(network: String, listen: HostPort = HostPort(host: "0.0.0.0", port: 26656), moniker: String = "") {
        self.network = network
        self.listen = listen
        self.externalAddress = nil
        self.moniker = moniker
        self.persistentPeers = []
        self.maxInboundPeers = 40
        self.channels = Self.defaultChannels
        self.maxFrameCiphertextLength = nil
        self.receiveRate = .default
        self.sendQueueLimit = 64 << 20
        self.eventQueueLimit = 10_000
        self.handshakeTimeout = .seconds(10)
        self.dialTimeout = .seconds(5)
        self.redialBackoff = .default
    }

    /// The node's channels and their message caps: 4 MiB for proposals, block parts and blocks, 1 MiB for
    /// transactions and evidence, 64 KiB for votes and round state.
    public static let defaultChannels: [ChannelID: Int] = [
        .consensusState: 64 << 10,
        .consensusData: 4 << 20,
        .consensusVote: 64 << 10,
        .mempool: 1 << 20,
        .evidence: 1 << 20,
        .blockSync: 4 << 20,
    ]

    /// The frame ciphertext cap in force: ``maxFrameCiphertextLength`` or the one derived from the channels.
    public var effectiveMaxFrameCiphertextLength: Int {
        maxFrameCiphertextLength ?? ((channels.values.max() ?? 0) + 1 + FrameCipher.tagByteCount)
    }

    /// Checks that the limits are consistent; throws ``P2PSwitchError/invalidConfig(_:)`` naming the first problem.
    public func validate() throws(P2PSwitchError) {
        func fail(_ reason: String) throws(P2PSwitchError) { throw .invalidConfig(reason) }
        if network.isEmpty || network.utf8.count > NodeInfo.maxNetworkByteCount {
            try fail("network must be 1 to \(NodeInfo.maxNetworkByteCount) bytes")
        }
        if moniker.utf8.count > NodeInfo.maxMonikerByteCount {
            try fail("moniker must be at most \(NodeInfo.maxMonikerByteCount) bytes")
        }
        if channels.isEmpty { try fail("at least one channel is needed") }
        for (channel, cap) in channels.sorted(by: { $0.key < $1.key }) {
            if cap <= 0 { try fail("channel \(channel) has a non-positive message cap \(cap)") }
            if cap + 1 + FrameCipher.tagByteCount > effectiveMaxFrameCiphertextLength {
                try fail("channel \(channel)'s cap \(cap) does not fit in the frame cap")
            }
            if cap > sendQueueLimit { try fail("channel \(channel)'s cap \(cap) exceeds the send queue limit") }
        }
        if effectiveMaxFrameCiphertextLength > Int(UInt32.max) { try fail("the frame cap must fit in 32 bits") }
        if maxInboundPeers < 0 { try fail("maxInboundPeers must not be negative") }
        if eventQueueLimit <= 0 { try fail("eventQueueLimit must be positive") }
        if let receiveRate, receiveRate.bytesPerSecond <= 0 || receiveRate.burst <= 0 {
            try fail("the receive rate and burst must be positive")
        }
        if handshakeTimeout <= .zero || dialTimeout <= .zero { try fail("timeouts must be positive") }
        if redialBackoff.base <= .zero || redialBackoff.max < redialBackoff.base {
            try fail("the redial backoff needs 0 < base <= max")
        }
    }
}
