import L1Consensus
import NIOCore
import Testing

@testable import L1Node

@Suite("RPC /metrics: Prometheus text with the node metrics", .timeLimit(.minutes(1)))
struct RPCMetricsTests {
    @Test("/metrics lists every node metric with the values the node recorded")
    func exposition() async throws {
        let harness = try RPCTestHarness()
        harness.metrics.recordBlock(height: Height(12), transactions: 3, interval: .milliseconds(1500))
        harness.metrics.recordBlock(height: Height(13), transactions: 2, interval: .seconds(2))
        harness.metrics.setRound(Round(2))
        harness.metrics.setPeers(4)
        harness.metrics.setMempoolSize(17)
        try await harness.withClient { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: response.body)
            for name in [
                NodeMetrics.Name.height, NodeMetrics.Name.round, NodeMetrics.Name.peers, NodeMetrics.Name.mempoolSize,
                NodeMetrics.Name.totalTxs, NodeMetrics.Name.blockInterval,
            ] {
                #expect(text.contains("# TYPE \(name) "), "\(name) is exposed")
            }
            #expect(text.contains("strata_consensus_height 13"))
            #expect(text.contains("strata_consensus_round 2"))
            #expect(text.contains("strata_p2p_peers 4"))
            #expect(text.contains("strata_mempool_size 17"))
            #expect(text.contains("strata_consensus_total_txs 5"))
            #expect(text.contains("strata_consensus_block_interval_seconds_count 2"))
            #expect(text.contains(#"strata_consensus_block_interval_seconds_bucket{le="2.0"} 2"#))
        }
    }
}
