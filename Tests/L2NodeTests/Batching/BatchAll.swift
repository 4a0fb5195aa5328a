import Bridge
import Common
import Logging
import TestSupport

@testable import L2Node

extension Sequencer {
    /// Batches every block this sequencer has sealed into `sink`, `maxBlocks` blocks a batch (compressed with
    /// `dictionary` if given), as `l2d start`'s batcher does at a graceful stop.
    func batchAll(into sink: any BatchSink, maxBlocks: Int, dictionary: ZstdDictionary? = nil) async throws {
        let progress = TemporaryDirectory(prefix: "batch-all")
        let metrics = BatcherMetrics(registry: SequencerMetrics().registry)
        let batcher = try await Batcher.open(
            configuration: Batcher.Configuration(
                rollupID: chainID,
                policy: .init(targetBytes: 1 << 20, maxBytes: 1 << 20, maxBlocks: maxBlocks, maxAgeMillis: 60_000),
                dictionary: dictionary),
            sink: sink, directory: progress.url, signer: { try self.signerKey(of: $0) },
            onSubmitted: metrics.reporter(logger: Logger(label: "test")))
        try await BatchFeed(
            blocks: blocks, batcher: batcher, metrics: metrics, logger: Logger(label: "test"),
            committedThrough: { self.committedTip.number }
        ).finish()
    }
}
