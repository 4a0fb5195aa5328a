import Bridge
import Common
import Foundation

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
    /// `[batcher]`.
    public var batcher = BatcherSection()

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

    /// `[batcher]`: packing sealed blocks into batches and handing them to a sink.
    public struct BatcherSection: Codable, Hashable, Sendable {
        /// `sink`: `file` (batches and commitments into `directory`) or `none` (no batcher). The L1 settlement
        /// client will be a third.
        public var sink = "file"
        /// `directory`: where the file sink writes (relative to the home); empty means `data/batches`.
        public var directory = ""
        /// `target_bytes`: a batch closes once its blocks hold this many (uncompressed) bytes.
        public var targetBytes = 1 << 20
        /// `max_bytes`: a batch never holds more (uncompressed) bytes than this.
        public var maxBytes = 8 << 20
        /// `max_blocks`: a batch closes at this many blocks.
        public var maxBlocks = 10_000
        /// `max_age_ms`: a batch closes this long after its first block was batched.
        public var maxAgeMs = 60_000
        /// `poll_interval_ms`: how often the batcher looks for newly sealed blocks.
        public var pollIntervalMs = 200
        /// `verify_signatures`: check each batch's signatures before submitting it (by the sequencer's ingest
        /// fingerprints, or by verifying the aggregate).
        public var verifySignatures = true
        /// `dictionary`: a trained zstd dictionary file to compress batches with (relative to the home; `l2d
        /// train-dictionary` makes one); empty means none.
        public var dictionary = ""

        enum CodingKeys: String, CodingKey {
            case sink, directory, dictionary
            case targetBytes = "target_bytes"
            case maxBytes = "max_bytes"
            case maxBlocks = "max_blocks"
            case maxAgeMs = "max_age_ms"
            case pollIntervalMs = "poll_interval_ms"
            case verifySignatures = "verify_signatures"
        }

        /// The defaults.
        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Self()
            sink = try container.decodeIfPresent(String.self, forKey: .sink) ?? defaults.sink
            directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? defaults.directory
            targetBytes = try container.decodeIfPresent(Int.self, forKey: .targetBytes) ?? defaults.targetBytes
            maxBytes = try container.decodeIfPresent(Int.self, forKey: .maxBytes) ?? defaults.maxBytes
            maxBlocks = try container.decodeIfPresent(Int.self, forKey: .maxBlocks) ?? defaults.maxBlocks
            maxAgeMs = try container.decodeIfPresent(Int.self, forKey: .maxAgeMs) ?? defaults.maxAgeMs
            pollIntervalMs =
                try container.decodeIfPresent(Int.self, forKey: .pollIntervalMs) ?? defaults.pollIntervalMs
            verifySignatures =
                try container.decodeIfPresent(Bool.self, forKey: .verifySignatures) ?? defaults.verifySignatures
            dictionary = try container.decodeIfPresent(String.self, forKey: .dictionary) ?? defaults.dictionary
        }
    }

    enum CodingKeys: String, CodingKey {
        case logLevel = "log_level"
        case sequencer, mempool, http, batcher
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel) ?? "info"
        sequencer = try container.decodeIfPresent(SequencerSection.self, forKey: .sequencer) ?? SequencerSection()
        mempool = try container.decodeIfPresent(MempoolSection.self, forKey: .mempool) ?? MempoolSection()
        http = try container.decodeIfPresent(HTTPSection.self, forKey: .http) ?? HTTPSection()
        batcher = try container.decodeIfPresent(BatcherSection.self, forKey: .batcher) ?? BatcherSection()
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
        // One batch holds at most one aggregate signature's worth of transactions, so a block must fit in one.
        try check(
            (1...HalfAggregateSignature.maxCount).contains(sequencer.maxBlockTxs),
            "sequencer.max_block_txs must be 1 to \(HalfAggregateSignature.maxCount)")
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
        try check(["file", "none"].contains(batcher.sink), "batcher.sink must be \"file\" or \"none\"")
        // The readers' caps (BatchLimits.standard): a batch's blocks above 16 MiB could not be read back.
        try check(
            batcher.targetBytes >= 1 && batcher.targetBytes <= batcher.maxBytes,
            "batcher.target_bytes must be 1 to batcher.max_bytes")
        try check(
            (64 << 10...BatchLimits.standard.maxColumnBytes / 2).contains(batcher.maxBytes),
            "batcher.max_bytes must be 65536 to \(BatchLimits.standard.maxColumnBytes / 2)")
        try check(
            (1...BatchLimits.standard.maxBlocks).contains(batcher.maxBlocks),
            "batcher.max_blocks must be 1 to \(BatchLimits.standard.maxBlocks)")
        try check((100...86_400_000).contains(batcher.maxAgeMs), "batcher.max_age_ms must be 100 to 86400000")
        try check((10...60_000).contains(batcher.pollIntervalMs), "batcher.poll_interval_ms must be 10 to 60000")
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
                maxNonceGap: UInt64(mempool.maxNonceGap), ttlMillis: UInt64(mempool.ttlMs)),
            // Fingerprints of verified signatures serve only a batcher that checks signatures.
            verifiedSignatureCapacity: batcher.sink != "none" && batcher.verifySignatures
                ? VerifiedSignatures.defaultCapacity : 0)
    }

    /// The HTTP server's configuration.
    public var httpConfiguration: SequencerHTTPConfiguration {
        let address = hostPort ?? ("127.0.0.1", 8645)
        return SequencerHTTPConfiguration(
            host: address.host, port: address.port, maxBodyBytes: http.maxBodyBytes,
            maxBatchTransactions: http.maxBatchTxs, maxConnections: http.maxOpenConnections)
    }
}

extension L2NodeConfig {
    /// The dictionary `batcher.dictionary` names, or `nil` when it is empty.
    ///
    /// - Throws: ``Invalid`` for a file that cannot be read or is not a zstd dictionary.
    public func batchDictionary(home: L2NodeHome) throws(Invalid) -> ZstdDictionary? {
        guard !batcher.dictionary.isEmpty else { return nil }
        let path = home.resolve(batcher.dictionary)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw Invalid(description: "batcher.dictionary: cannot read \(path)")
        }
        do {
            return try ZstdDictionary(bytes: [UInt8](bytes))
        } catch {
            throw Invalid(description: "batcher.dictionary: \(path) is not a zstd dictionary: \(error)")
        }
    }

    /// The batcher's configuration for a rollup, or `nil` when `batcher.sink` is `none`.
    public func batcherConfiguration(rollupID: String, dictionary: ZstdDictionary? = nil) -> Batcher.Configuration? {
        guard batcher.sink != "none" else { return nil }
        return Batcher.Configuration(
            rollupID: rollupID,
            policy: BatchAssembler.Policy(
                targetBytes: batcher.targetBytes, maxBytes: batcher.maxBytes, maxBlocks: batcher.maxBlocks,
                maxAgeMillis: UInt64(batcher.maxAgeMs)),
            dictionary: dictionary, verifiesSignatures: batcher.verifySignatures)
    }

    /// The file sink's directory: `batcher.directory` (a relative path is taken from the home), or
    /// `data/batches` in `home`.
    public func batchDirectory(home: L2NodeHome) -> String {
        guard !batcher.directory.isEmpty else { return home.batchDirectory }
        return home.resolve(batcher.directory)
    }
}
