import Metrics
import Prometheus

/// The batcher's Prometheus metrics, in the registry `/metrics` serves (the sequencer's):
///
/// | name | type | what |
/// | --- | --- | --- |
/// | `strata_l2_batches_submitted_total` | counter | batches the sink accepted |
/// | `strata_l2_batcher_block_number` | gauge | the last block in an accepted batch |
/// | `strata_l2_batcher_lag_blocks` | gauge | sealed blocks not yet in an accepted batch |
/// | `strata_l2_batcher_backlog_bytes` | gauge | uncompressed bytes waiting (closed batches and the open one) |
/// | `strata_l2_batch_bytes` | histogram | the bytes of one accepted batch |
/// | `strata_l2_batcher_errors_total` | counter | failed feed rounds (a failing sink, an unreadable batch) |
/// | `strata_l2_batch_signature_checks_total{by}` | counter | accepted batches by how their signatures were checked: `fingerprints`, `aggregate`, `skipped` |
public struct BatcherMetrics: Sendable {
    let submitted: Metrics.Counter
    let blockNumber: Metrics.Gauge
    let lagBlocks: Metrics.Gauge
    let backlogBytes: Metrics.Gauge
    let batchBytes: Metrics.Recorder
    let errors: Metrics.Counter
    let signatureChecks: [Batcher.CheckedBy: Metrics.Counter]

    /// The batcher's metrics in `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.valueHistogramBuckets["strata_l2_batch_bytes"] = [
            1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
        ]
        submitted = Metrics.Counter(label: "strata_l2_batches_submitted_total", factory: factory)
        blockNumber = Metrics.Gauge(label: "strata_l2_batcher_block_number", factory: factory)
        lagBlocks = Metrics.Gauge(label: "strata_l2_batcher_lag_blocks", factory: factory)
        backlogBytes = Metrics.Gauge(label: "strata_l2_batcher_backlog_bytes", factory: factory)
        batchBytes = Metrics.Recorder(label: "strata_l2_batch_bytes", aggregate: true, factory: factory)
        errors = Metrics.Counter(label: "strata_l2_batcher_errors_total", factory: factory)
        var checks: [Batcher.CheckedBy: Metrics.Counter] = [:]
        for way in Batcher.CheckedBy.allCases {
            checks[way] = Metrics.Counter(
                label: "strata_l2_batch_signature_checks_total", dimensions: [("by", way.rawValue)], factory: factory)
        }
        signatureChecks = checks
        blockNumber.record(0)
        lagBlocks.record(0)
        backlogBytes.record(0)
    }
}
