import Common
import L1Consensus

extension RPCModel {
    /// The protocol versions a node speaks.
    public struct ProtocolVersions: Codable, Hashable, Sendable {
        /// The P2P protocol version, `major.minor`.
        public var p2p: String
    }

    /// What a node says about itself (`node_info`).
    public struct NodeInfo: Codable, Hashable, Sendable {
        /// Protocol versions.
        public var protocolVersion: ProtocolVersions
        /// The node id, 40 lower-case hex digits (as in `id@host:port` peer addresses).
        public var id: String
        /// The P2P listen address.
        public var listenAddr: String
        /// The chain id.
        public var network: String
        /// The node software's version (empty for a peer's info).
        public var version: String
        /// The node's name.
        public var moniker: String

        enum CodingKeys: String, CodingKey {
            case protocolVersion = "protocol_version"
            case id
            case listenAddr = "listen_addr"
            case network, version, moniker
        }
    }

    /// Where the node's chain is (`sync_info`). Empty strings and `"0"` before the first block.
    public struct SyncInfo: Codable, Hashable, Sendable {
        /// The latest block's hash.
        public var latestBlockHash: String
        /// The state root after the latest block.
        public var latestAppHash: String
        /// The latest height, decimal.
        public var latestBlockHeight: String
        /// The latest block's time, RFC 3339.
        public var latestBlockTime: String
        /// The lowest stored block's hash.
        public var earliestBlockHash: String
        /// The state root after the lowest stored block.
        public var earliestAppHash: String
        /// The lowest stored height, decimal.
        public var earliestBlockHeight: String
        /// The lowest stored block's time.
        public var earliestBlockTime: String
        /// Whether the node is still syncing.
        public var catchingUp: Bool

        enum CodingKeys: String, CodingKey {
            case latestBlockHash = "latest_block_hash"
            case latestAppHash = "latest_app_hash"
            case latestBlockHeight = "latest_block_height"
            case latestBlockTime = "latest_block_time"
            case earliestBlockHash = "earliest_block_hash"
            case earliestAppHash = "earliest_app_hash"
            case earliestBlockHeight = "earliest_block_height"
            case earliestBlockTime = "earliest_block_time"
            case catchingUp = "catching_up"
        }
    }

    /// The node's own validator key (`validator_info`).
    public struct ValidatorInfo: Codable, Hashable, Sendable {
        /// The validator address.
        public var address: String
        /// The consensus key.
        public var pubKey: PublicKey
        /// The power in the current set, decimal (`"0"` when not in the set).
        public var votingPower: String

        enum CodingKeys: String, CodingKey {
            case address
            case pubKey = "pub_key"
            case votingPower = "voting_power"
        }
    }

    /// The result of `status`.
    public struct StatusResult: Codable, Hashable, Sendable {
        /// The node's identity.
        public var nodeInfo: NodeInfo
        /// Its chain.
        public var syncInfo: SyncInfo
        /// Its validator key, `null` when it runs without one.
        public var validatorInfo: ValidatorInfo?

        /// Encodes every field, `validator_info` as `null` for a node without a validator key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(nodeInfo, forKey: .nodeInfo)
            try container.encode(syncInfo, forKey: .syncInfo)
            try container.encode(validatorInfo, forKey: .validatorInfo)
        }

        enum CodingKeys: String, CodingKey {
            case nodeInfo = "node_info"
            case syncInfo = "sync_info"
            case validatorInfo = "validator_info"
        }
    }

    /// Traffic on one peer connection.
    public struct ConnectionStatus: Codable, Hashable, Sendable {
        /// Wire bytes sent, decimal.
        public var bytesSent: String
        /// Wire bytes received, decimal.
        public var bytesReceived: String

        enum CodingKeys: String, CodingKey {
            case bytesSent = "bytes_sent"
            case bytesReceived = "bytes_received"
        }
    }

    /// One connected peer.
    public struct Peer: Codable, Hashable, Sendable {
        /// What the peer said about itself.
        public var nodeInfo: NodeInfo
        /// Whether this node dialed the peer.
        public var isOutbound: Bool
        /// The peer's IP address (host part of the remote address).
        public var remoteIP: String
        /// Traffic counters.
        public var connectionStatus: ConnectionStatus

        enum CodingKeys: String, CodingKey {
            case nodeInfo = "node_info"
            case isOutbound = "is_outbound"
            case remoteIP = "remote_ip"
            case connectionStatus = "connection_status"
        }
    }

    /// The result of `net_info`.
    public struct NetInfoResult: Codable, Hashable, Sendable {
        /// Whether the P2P listener is up.
        public var listening: Bool
        /// The P2P listen addresses.
        public var listeners: [String]
        /// The number of peers, decimal.
        public var nPeers: String
        /// The peers.
        public var peers: [Peer]

        enum CodingKeys: String, CodingKey {
            case listening, listeners
            case nPeers = "n_peers"
            case peers
        }
    }

    /// A validator of a set.
    public struct Validator: Codable, Hashable, Sendable {
        /// The validator address.
        public var address: String
        /// The consensus key.
        public var pubKey: PublicKey
        /// The voting power, decimal.
        public var votingPower: String
        /// The proposer priority, decimal (may be negative).
        public var proposerPriority: String

        enum CodingKeys: String, CodingKey {
            case address
            case pubKey = "pub_key"
            case votingPower = "voting_power"
            case proposerPriority = "proposer_priority"
        }
    }

    /// The result of `validators`: one page of the set.
    public struct ValidatorsResult: Codable, Hashable, Sendable {
        /// The height the set decides, decimal.
        public var blockHeight: String
        /// The validators of this page, in set order.
        public var validators: [Validator]
        /// The number on this page, decimal.
        public var count: String
        /// The number in the whole set, decimal.
        public var total: String

        enum CodingKeys: String, CodingKey {
            case blockHeight = "block_height"
            case validators, count, total
        }
    }
}

extension RPCModel.NodeInfo {
    init(_ info: L1Node.NodeInfo, version: String) {
        protocolVersion = RPCModel.ProtocolVersions(p2p: info.version.description)
        id = info.nodeID.description
        listenAddr = info.listenAddress
        network = info.network
        self.version = version
        moniker = info.moniker
    }
}

extension RPCModel.SyncInfo {
    init(latest: BlockSummary?, earliest: BlockSummary?, catchingUp: Bool) {
        latestBlockHash = latest.map { RPCEncoding.hex($0.blockID.hash) } ?? ""
        latestAppHash = latest.map { RPCEncoding.hex($0.appHash) } ?? ""
        latestBlockHeight = String(latest?.height.rawValue ?? 0)
        latestBlockTime = latest.map { RPCEncoding.time(nanoseconds: $0.time.nanoseconds) } ?? ""
        earliestBlockHash = earliest.map { RPCEncoding.hex($0.blockID.hash) } ?? ""
        earliestAppHash = earliest.map { RPCEncoding.hex($0.appHash) } ?? ""
        earliestBlockHeight = String(earliest?.height.rawValue ?? 0)
        earliestBlockTime = earliest.map { RPCEncoding.time(nanoseconds: $0.time.nanoseconds) } ?? ""
        self.catchingUp = catchingUp
    }
}

extension RPCModel.Peer {
    init(_ peer: PeerInfo) {
        nodeInfo = RPCModel.NodeInfo(peer.nodeInfo, version: "")
        isOutbound = peer.direction == .outbound
        remoteIP = Self.host(of: peer.remoteAddress)
        connectionStatus = RPCModel.ConnectionStatus(
            bytesSent: String(peer.bytesSent), bytesReceived: String(peer.bytesReceived))
    }

    /// The host of `host:port` or `[v6]:port`, without brackets.
    static func host(of address: String) -> String {
        guard let colon = address.lastIndex(of: ":") else { return address }
        var host = address[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return String(host)
    }
}

extension RPCModel.Validator {
    init(_ validator: L1Consensus.Validator) {
        address = RPCEncoding.hex(validator.address.bytes)
        pubKey = RPCModel.PublicKey(validator.publicKey)
        votingPower = String(validator.votingPower)
        proposerPriority = String(validator.proposerPriority)
    }
}
