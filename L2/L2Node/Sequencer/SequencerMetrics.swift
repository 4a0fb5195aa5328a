import Metrics
import Prometheus

/// The sequencer's Prometheus metrics, recorded through swift-metrics into a registry of their own that
/// `/metrics` serves:
///
/// | name | type | what |
/// | --- | --- | --- |
/// | `strata_l2_block_number` | gauge | the last sealed block |
/// | `strata_l2_txs_accepted_total` | counter | transactions ordered into blocks |
/// | `strata_l2_txs_refused_total` | counter | transactions refused at ingest |
/// | `strata_l2_mempool_size` | gauge | transactions waiting for a nonce gap |
/// | `strata_l2_confirmation_seconds` | histogram | ingest to signed confirmation |
/// | `strata_l2_log_sync_seconds` | histogram | one group commit (write + fsync) |
/// | `strata_l2_log_sync_records` | histogram | records made durable by one fsync |
/// | `strata_l2_block_seal_seconds` | histogram | roots + block store + state commit of one block |
/// | `strata_l2_block_commit_seconds` | histogram | the state commit alone |
public struct SequencerMetrics: Sendable {
    /// The registry `/metrics` prints.
    public let registry: PrometheusCollectorRegistry
    let blockNumber: Metrics.Gauge
    let accepted: Metrics.Counter
    let refused: Metrics.Counter
    let mempoolSize: Metrics.Gauge
    let confirmation: Metrics.Timer
    let logSync: Metrics.Timer
    let logSyncRecords: Metrics.Recorder
    let blockSeal: Metrics.Timer
    let blockCommit: Metrics.Timer

    /// Metrics in a fresh registry (so that several sequencers in one process stay apart).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        let fast: [Duration] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        for name in [
            "strata_l2_confirmation_seconds", "strata_l2_log_sync_seconds", "strata_l2_block_seal_seconds",
            "strata_l2_block_commit_seconds",
        ] {
            factory.durationHistogramBuckets[name] = fast
        }
        factory.defaultValueHistogramBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000]
        blockNumber = Metrics.Gauge(label: "strata_l2_block_number", factory: factory)
        accepted = Metrics.Counter(label: "strata_l2_txs_accepted_total", factory: factory)
        refused = Metrics.Counter(label: "strata_l2_txs_refused_total", factory: factory)
        mempoolSize = Metrics.Gauge(label: "strata_l2_mempool_size", factory: factory)
        confirmation = Metrics.Timer(label: "strata_l2_confirmation_seconds", factory: factory)
        logSync = Metrics.Timer(label: "strata_l2_log_sync_seconds", factory: factory)
        logSyncRecords = Metrics.Recorder(label: "strata_l2_log_sync_records", aggregate: true, factory: factory)
        blockSeal = Metrics.Timer(label: "strata_l2_block_seal_seconds", factory: factory)
        blockCommit = Metrics.Timer(label: "strata_l2_block_commit_seconds", factory: factory)
        blockNumber.record(0)
        mempoolSize.record(0)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
