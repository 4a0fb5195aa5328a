import Foundation
import L1Consensus

/// The node's settings (`config/config.toml`). Every field has a default, so a file may set only what it
/// changes; ``validate()`` reports the first unusable value by its TOML name.
public struct NodeConfig: Codable, Hashable, Sendable {
    /// P2P settings (`[p2p]`).
    public struct P2P: Codable, Hashable, Sendable {
        /// Listen address, `host:port`.
        public var listenAddress = "0.0.0.0:26656"
        /// Address advertised to peers, when it differs from the listen address.
        public var externalAddress = ""
        /// Peers kept connected, comma separated `id@host:port`.
        public var persistentPeers = ""
        /// Most inbound peers.
        public var maxInboundPeers = 40

        enum CodingKeys: String, CodingKey {
            case listenAddress = "laddr"
            case externalAddress = "external_address"
            case persistentPeers = "persistent_peers"
            case maxInboundPeers = "max_num_inbound_peers"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            listenAddress = try container.decodeIfPresent(String.self, forKey: .listenAddress) ?? defaults.listenAddress
            externalAddress =
                try container.decodeIfPresent(String.self, forKey: .externalAddress) ?? defaults.externalAddress
            persistentPeers =
                try container.decodeIfPresent(String.self, forKey: .persistentPeers) ?? defaults.persistentPeers
            maxInboundPeers =
                try container.decodeIfPresent(Int.self, forKey: .maxInboundPeers) ?? defaults.maxInboundPeers
        }

        /// The defaults.
        public init() {}
    }

    /// RPC settings (`[rpc]`).
    public struct RPC: Codable, Hashable, Sendable {
        /// Listen address; loopback by default.
        public var listenAddress = "127.0.0.1:26657"
        /// Largest request body.
        public var maxBodyBytes = 1 << 20
        /// Most open connections.
        public var maxOpenConnections = 900

        enum CodingKeys: String, CodingKey {
            case listenAddress = "laddr"
            case maxBodyBytes = "max_body_bytes"
            case maxOpenConnections = "max_open_connections"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            listenAddress = try container.decodeIfPresent(String.self, forKey: .listenAddress) ?? defaults.listenAddress
            maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
            maxOpenConnections =
                try container.decodeIfPresent(Int.self, forKey: .maxOpenConnections) ?? defaults.maxOpenConnections
        }

        /// The defaults.
        public init() {}
    }

    /// Consensus timeouts in milliseconds (`[consensus]`).
    public struct Consensus: Codable, Hashable, Sendable {
        /// Wait for a proposal in round 0.
        public var timeoutProposeMs = 3000
        /// Added per round.
        public var timeoutProposeDeltaMs = 500
        /// Wait after +2/3 mixed prevotes.
        public var timeoutPrevoteMs = 1000
        /// Added per round.
        public var timeoutPrevoteDeltaMs = 500
        /// Wait after +2/3 mixed precommits.
        public var timeoutPrecommitMs = 1000
        /// Added per round.
        public var timeoutPrecommitDeltaMs = 500
        /// Pause after a commit before the next height.
        public var timeoutCommitMs = 1000
        /// Re-gossip of this validator's own messages.
        public var gossipIntervalMs = 1000

        enum CodingKeys: String, CodingKey {
            case timeoutProposeMs = "timeout_propose_ms"
            case timeoutProposeDeltaMs = "timeout_propose_delta_ms"
            case timeoutPrevoteMs = "timeout_prevote_ms"
            case timeoutPrevoteDeltaMs = "timeout_prevote_delta_ms"
            case timeoutPrecommitMs = "timeout_precommit_ms"
            case timeoutPrecommitDeltaMs = "timeout_precommit_delta_ms"
            case timeoutCommitMs = "timeout_commit_ms"
            case gossipIntervalMs = "gossip_interval_ms"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            timeoutProposeMs =
                try container.decodeIfPresent(Int.self, forKey: .timeoutProposeMs) ?? defaults.timeoutProposeMs
            timeoutProposeDeltaMs =
                try container.decodeIfPresent(Int.self, forKey: .timeoutProposeDeltaMs)
                ?? defaults.timeoutProposeDeltaMs
            timeoutPrevoteMs =
                try container.decodeIfPresent(Int.self, forKey: .timeoutPrevoteMs) ?? defaults.timeoutPrevoteMs
            timeoutPrevoteDeltaMs =
                try container.decodeIfPresent(Int.self, forKey: .timeoutPrevoteDeltaMs)
                ?? defaults.timeoutPrevoteDeltaMs
            timeoutPrecommitMs =
                try container.decodeIfPresent(Int.self, forKey: .timeoutPrecommitMs) ?? defaults.timeoutPrecommitMs
            timeoutPrecommitDeltaMs =
                try container.decodeIfPresent(Int.self, forKey: .timeoutPrecommitDeltaMs)
                ?? defaults.timeoutPrecommitDeltaMs
            timeoutCommitMs =
                try container.decodeIfPresent(Int.self, forKey: .timeoutCommitMs) ?? defaults.timeoutCommitMs
            gossipIntervalMs =
                try container.decodeIfPresent(Int.self, forKey: .gossipIntervalMs) ?? defaults.gossipIntervalMs
        }

        /// The defaults.
        public init() {}

        /// The engine's timeouts.
        public var timeouts: TimeoutConfig {
            TimeoutConfig(
                propose: .milliseconds(timeoutProposeMs), proposeDelta: .milliseconds(timeoutProposeDeltaMs),
                prevote: .milliseconds(timeoutPrevoteMs), prevoteDelta: .milliseconds(timeoutPrevoteDeltaMs),
                precommit: .milliseconds(timeoutPrecommitMs), precommitDelta: .milliseconds(timeoutPrecommitDeltaMs),
                commit: .milliseconds(timeoutCommitMs))
        }
    }

    /// Mempool limits (`[mempool]`).
    public struct Mempool: Codable, Hashable, Sendable {
        /// Most transactions.
        public var size = 5000
        /// Most bytes of transactions.
        public var maxTxsBytes = 64 << 20
        /// Recently seen transaction hashes remembered.
        public var cacheSize = 10_000

        enum CodingKeys: String, CodingKey {
            case size
            case maxTxsBytes = "max_txs_bytes"
            case cacheSize = "cache_size"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            size = try container.decodeIfPresent(Int.self, forKey: .size) ?? defaults.size
            maxTxsBytes = try container.decodeIfPresent(Int.self, forKey: .maxTxsBytes) ?? defaults.maxTxsBytes
            cacheSize = try container.decodeIfPresent(Int.self, forKey: .cacheSize) ?? defaults.cacheSize
        }

        /// The defaults.
        public init() {}
    }

    /// The node's name in logs and peer info.
    public var moniker = "strata-node"
    /// Log level: trace, debug, info, notice, warning, error, critical.
    public var logLevel = "info"
    /// P2P settings.
    public var p2p = P2P()
    /// RPC settings.
    public var rpc = RPC()
    /// Consensus settings.
    public var consensus = Consensus()
    /// Mempool settings.
    public var mempool = Mempool()

    enum CodingKeys: String, CodingKey {
        case moniker
        case logLevel = "log_level"
        case p2p, rpc, consensus, mempool
    }

    /// The default configuration.
    public init() {}

    /// Decodes a configuration; missing settings take their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        moniker = try container.decodeIfPresent(String.self, forKey: .moniker) ?? defaults.moniker
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel) ?? defaults.logLevel
        p2p = try container.decodeIfPresent(P2P.self, forKey: .p2p) ?? defaults.p2p
        rpc = try container.decodeIfPresent(RPC.self, forKey: .rpc) ?? defaults.rpc
        consensus = try container.decodeIfPresent(Consensus.self, forKey: .consensus) ?? defaults.consensus
        mempool = try container.decodeIfPresent(Mempool.self, forKey: .mempool) ?? defaults.mempool
    }

    /// The persistent peers, parsed (nil entries are malformed).
    var persistentPeerAddresses: [PeerAddress?] {
        p2p.persistentPeers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map { try? PeerAddress($0) }
    }

    /// Checks the values; the error names the setting.
    public func validate() throws(NodeConfigError) {
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(logLevel) else { throw .invalid("log_level", "must be one of \(levels)") }
        guard !moniker.isEmpty, moniker.utf8.count <= 64 else { throw .invalid("moniker", "must be 1 to 64 bytes") }
        guard (try? HostPort(p2p.listenAddress)) != nil else { throw .invalid("p2p.laddr", "expected host:port") }
        guard (try? HostPort(rpc.listenAddress)) != nil else { throw .invalid("rpc.laddr", "expected host:port") }
        for peer in persistentPeerAddresses where peer == nil {
            throw .invalid("p2p.persistent_peers", "expected comma-separated id@host:port")
        }
        guard p2p.maxInboundPeers >= 0 else { throw .invalid("p2p.max_num_inbound_peers", "must be ≥ 0") }
        guard rpc.maxBodyBytes > 0, rpc.maxOpenConnections > 0 else { throw .invalid("rpc", "limits must be > 0") }
        let timeouts = [
            consensus.timeoutProposeMs, consensus.timeoutPrevoteMs, consensus.timeoutPrecommitMs,
            consensus.timeoutCommitMs, consensus.gossipIntervalMs,
        ]
        guard timeouts.allSatisfy({ $0 > 0 && $0 <= 600_000 }) else {
            throw .invalid("consensus", "timeouts must be between 1 ms and 10 minutes")
        }
        let deltas = [
            consensus.timeoutProposeDeltaMs, consensus.timeoutPrevoteDeltaMs, consensus.timeoutPrecommitDeltaMs,
        ]
        guard deltas.allSatisfy({ $0 >= 0 && $0 <= 600_000 }) else {
            throw .invalid("consensus", "per-round timeout deltas must be between 0 and 10 minutes")
        }
        guard mempool.size > 0, mempool.maxTxsBytes > 0, mempool.cacheSize >= 0 else {
            throw .invalid("mempool", "limits must be > 0")
        }
    }
}

/// Why a configuration was refused.
public enum NodeConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting has an unusable value.
    case invalid(String, String)
    /// The file could not be read or parsed.
    case unreadable(String)

    public var description: String {
        switch self {
        case .invalid(let key, let reason): "config: \(key) \(reason)"
        case .unreadable(let reason): "config: \(reason)"
        }
    }
}
