import L1Consensus
import Metrics
import Prometheus

/// The node's Prometheus metrics, recorded through swift-metrics into a registry of their own that `/metrics`
/// serves. The node updates them as consensus, P2P and the mempool move; names follow CometBFT's with the
/// `strata_` namespace:
///
/// | name | type | what |
/// | --- | --- | --- |
/// | `strata_consensus_height` | gauge | the latest committed height |
/// | `strata_consensus_round` | gauge | the consensus round of the height being decided |
/// | `strata_consensus_block_interval_seconds` | histogram | time between consecutive blocks |
/// | `strata_consensus_total_txs` | counter | transactions committed since the node started |
/// | `strata_p2p_peers` | gauge | connected peers |
/// | `strata_mempool_size` | gauge | transactions in the mempool |
public struct NodeMetrics: Sendable {
    /// The registry the metrics are kept in; `/metrics` prints it.
    public let registry: PrometheusCollectorRegistry

    private let height: Metrics.Gauge
    private let round: Metrics.Gauge
    private let blockInterval: Metrics.Timer
    private let totalTxs: Metrics.Counter
    private let peers: Metrics.Gauge
    private let mempoolSize: Metrics.Gauge

    /// The metric names, for tests and dashboards.
    public enum Name {
        /// The latest committed height.
        public static let height = "strata_consensus_height"
        /// The consensus round.
        public static let round = "strata_consensus_round"
        /// Time between blocks.
        public static let blockInterval = "strata_consensus_block_interval_seconds"
        /// Committed transactions.
        public static let totalTxs = "strata_consensus_total_txs"
        /// Connected peers.
        public static let peers = "strata_p2p_peers"
        /// Mempool transactions.
        public static let mempoolSize = "strata_mempool_size"
    }

    /// Buckets of the block interval histogram: 100 ms to 1 min.
    public static let blockIntervalBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60),
    ]

    /// Metrics in `registry` (a fresh one by default, so that several nodes in one process stay apart).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Name.blockInterval] = Self.blockIntervalBuckets
        height = Metrics.Gauge(label: Name.height, factory: factory)
        round = Metrics.Gauge(label: Name.round, factory: factory)
        blockInterval = Metrics.Timer(label: Name.blockInterval, factory: factory)
        totalTxs = Metrics.Counter(label: Name.totalTxs, factory: factory)
        peers = Metrics.Gauge(label: Name.peers, factory: factory)
        mempoolSize = Metrics.Gauge(label: Name.mempoolSize, factory: factory)
        height.record(0)
        round.record(0)
        peers.record(0)
        mempoolSize.record(0)
    }

    /// A block was committed: sets the height, counts its transactions and, when the previous block's time is
    /// known, records the interval between the two block times.
    public func recordBlock(height: Height, transactions: Int, interval: Duration?) {
        self.height.record(Int64(clamping: height.rawValue))
        totalTxs.increment(by: max(0, transactions))
        if let interval { blockInterval.recordInterval(interval) }
    }

    /// Consensus moved to `round` of the current height.
    public func setRound(_ round: Round) { self.round.record(Int64(round.rawValue)) }

    /// The number of connected peers changed.
    public func setPeers(_ count: Int) { peers.record(count) }

    /// The number of mempool transactions changed.
    public func setMempoolSize(_ count: Int) { mempoolSize.record(count) }

    /// The Prometheus text exposition (format 0.0.4) of every metric in ``registry``.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension Metrics.Timer {
    fileprivate func recordInterval(_ duration: Duration) {
        recordNanoseconds(Int64(clamping: duration.nanosecondsClamped))
    }
}
