/// The sequencer node's settings (`config/config.toml`). Every field has a default, so a file may set only
/// what it changes; ``validate()`` names the first unusable value by its TOML key.
public struct L2NodeConfig: Codable, Hashable, Sendable {
    /// `log_level`: trace, debug, info, notice, warning, error, critical.
    public var logLevel = "info"
    /// `[sequencer]`.
    public var sequencer = SequencerSection()
    /// `[mempool]`.
    public var mempool = MempoolSection()
    /// `[http]`.
    public var http = HTTPSection()

    /// `[sequencer]`: block making.
    public struct SequencerSection: Codable, Hashable, Sendable {
        /// `block_interval_ms`: a block is sealed this long after its first transaction.
        public var blockIntervalMs = 200
        /// `max_block_txs`: a block is sealed at once at this many transactions.
        public var maxBlockTxs = 10_000
        /// `max_block_bytes`: a block is sealed at once at this many bytes of transactions.
        public var maxBlockBytes = 4 << 20

        enum CodingKeys: String, CodingKey {
            case blockIntervalMs = "block_interval_ms"
            case maxBlockTxs = "max_block_txs"
            case maxBlockBytes = "max_block_bytes"
        }

        /// The defaults.
        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            blockIntervalMs =
                try container.decodeIfPresent(Int.self, forKey: .blockIntervalMs) ?? defaults.blockIntervalMs
            maxBlockTxs = try container.decodeIfPresent(Int.self, forKey: .maxBlockTxs) ?? defaults.maxBlockTxs
            maxBlockBytes = try container.decodeIfPresent(Int.self, forKey: .maxBlockBytes) ?? defaults.maxBlockBytes
        }
    }

    /// `[mempool]`: transactions waiting for a nonce gap.
    public struct MempoolSection: Codable, Hashable, Sendable {
        /// `max_per_sender`.
        public var maxPerSender = 64
        /// `max_txs`.
        public var maxTxs = 20_000
        /// `max_bytes`.
        public var maxBytes = 32 << 20
        /// `max_nonce_gap`.
        public var maxNonceGap = 64
        /// `ttl_ms`.
        public var ttlMs = 30_000

        enum CodingKeys: String, CodingKey {
            case maxPerSender = "max_per_sender"
            case maxTxs = "max_txs"
            case maxBytes = "max_bytes"
            case maxNonceGap = "max_nonce_gap"
            case ttlMs = "ttl_ms"
        }

        /// The defaults.
        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            maxPerSender = try container.decodeIfPresent(Int.self, forKey: .maxPerSender) ?? defaults.maxPerSender
            maxTxs = try container.decodeIfPresent(Int.self, forKey: .maxTxs) ?? defaults.maxTxs
            maxBytes = try container.decodeIfPresent(Int.self, forKey: .maxBytes) ?? defaults.maxBytes
            maxNonceGap = try container.decodeIfPresent(Int.self, forKey: .maxNonceGap) ?? defaults.maxNonceGap
            ttlMs = try container.decodeIfPresent(Int.self, forKey: .ttlMs) ?? defaults.ttlMs
        }
    }

    /// `[http]`: the ingest and query API.
    public struct HTTPSection: Codable, Hashable, Sendable {
        /// `laddr`: `host:port`, loopback by default.
        public var listenAddress = "127.0.0.1:8645"
        /// `max_body_bytes`.
        public var maxBodyBytes = 4 << 20
        /// `max_batch_txs`.
        public var maxBatchTxs = 4096
        /// `max_open_connections`.
        public var maxOpenConnections = 1000

        enum CodingKeys: String, CodingKey {
            case listenAddress = "laddr"
            case maxBodyBytes = "max_body_bytes"
            case maxBatchTxs = "max_batch_txs"
            case maxOpenConnections = "max_open_connections"
        }

        /// The defaults.
        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            listenAddress = try container.decodeIfPresent(String.self, forKey: .listenAddress) ?? defaults.listenAddress
            maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
            maxBatchTxs = try container.decodeIfPresent(Int.self, forKey: .maxBatchTxs) ?? defaults.maxBatchTxs
            maxOpenConnections =
                try container.decodeIfPresent(Int.self, forKey: .maxOpenConnections) ?? defaults.maxOpenConnections
        }
    }

    enum CodingKeys: String, CodingKey {
        case logLevel = "log_level"
        case sequencer, mempool, http
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel) ?? "info"
        sequencer = try container.decodeIfPresent(SequencerSection.self, forKey: .sequencer) ?? SequencerSection()
        mempool = try container.decodeIfPresent(MempoolSection.self, forKey: .mempool) ?? MempoolSection()
        http = try container.decodeIfPresent(HTTPSection.self, forKey: .http) ?? HTTPSection()
    }

    /// An unusable setting.
    public struct Invalid: Error, CustomStringConvertible {
        /// Which key and why.
        public var description: String
    }

    /// Checks every value; throws on the first unusable one.
    public func validate() throws(Invalid) {
        func check(_ ok: Bool, _ message: String) throws(Invalid) {
            if !ok { throw Invalid(description: message) }
        }
        try check(
            (10...60_000).contains(sequencer.blockIntervalMs), "sequencer.block_interval_ms must be 10 to 60000")
        try check((1...65_536).contains(sequencer.maxBlockTxs), "sequencer.max_block_txs must be 1 to 65536")
        try check(sequencer.maxBlockBytes >= 64 << 10, "sequencer.max_block_bytes must be at least 65536")
        try check(mempool.maxPerSender >= 0, "mempool.max_per_sender must not be negative")
        try check(mempool.maxTxs >= 0, "mempool.max_txs must not be negative")
        try check(mempool.maxBytes >= 0, "mempool.max_bytes must not be negative")
        try check(mempool.maxNonceGap >= 0, "mempool.max_nonce_gap must not be negative")
        try check(mempool.ttlMs > 0, "mempool.ttl_ms must be positive")
        try check(http.maxBodyBytes >= 32 << 10, "http.max_body_bytes must be at least 32768")
        try check(http.maxBatchTxs >= 1, "http.max_batch_txs must be at least 1")
        try check(http.maxOpenConnections >= 1, "http.max_open_connections must be at least 1")
        try check(hostPort != nil, "http.laddr \"\(http.listenAddress)\" must be host:port")
    }

    /// `http.laddr` split into host and port.
    public var hostPort: (host: String, port: Int)? {
        guard let colon = http.listenAddress.lastIndex(of: ":"),
            let port = Int(http.listenAddress[http.listenAddress.index(after: colon)...]), (0...65_535).contains(port)
        else { return nil }
        let host = String(http.listenAddress[..<colon])
        return host.isEmpty ? nil : (host, port)
    }

    /// The sequencer's configuration.
    public var sequencerConfiguration: SequencerConfiguration {
        SequencerConfiguration(
            blockIntervalMillis: UInt64(sequencer.blockIntervalMs), maxBlockTransactions: sequencer.maxBlockTxs,
            maxBlockBytes: sequencer.maxBlockBytes,
            mempool: MempoolLimits(
                maxPerSender: mempool.maxPerSender, maxTransactions: mempool.maxTxs, maxBytes: mempool.maxBytes,
                maxNonceGap: UInt64(mempool.maxNonceGap), ttlMillis: UInt64(mempool.ttlMs)))
    }

    /// The HTTP server's configuration.
    public var httpConfiguration: SequencerHTTPConfiguration {
        let address = hostPort ?? ("127.0.0.1", 8645)
        return SequencerHTTPConfiguration(
            host: address.host, port: address.port, maxBodyBytes: http.maxBodyBytes,
            maxBatchTransactions: http.maxBatchTxs, maxConnections: http.maxOpenConnections)
    }
}
