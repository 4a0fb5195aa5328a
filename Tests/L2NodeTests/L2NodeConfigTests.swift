import Foundation
import L2Node
import Testing

@Suite("Sequencer node configuration")
struct L2NodeConfigTests {
    @Test("a file may set only what it changes; the rest keeps its default")
    func partialFile() throws {
        let json = #"{"sequencer": {"block_interval_ms": 150}, "http": {"laddr": "0.0.0.0:9000"}}"#
        let config = try JSONDecoder().decode(L2NodeConfig.self, from: Data(json.utf8))
        #expect(config.sequencer.blockIntervalMs == 150)
        #expect(config.sequencer.maxBlockTxs == 10_000)
        #expect(config.mempool == L2NodeConfig.MempoolSection())
        #expect(config.httpConfiguration.host == "0.0.0.0" && config.httpConfiguration.port == 9000)
        #expect(config.sequencerConfiguration.blockIntervalMillis == 150)
        try config.validate()
    }

    @Test("an unusable value is refused with its key named")
    func invalidValues() {
        var config = L2NodeConfig()
        config.sequencer.blockIntervalMs = 5
        #expect(throws: L2NodeConfig.Invalid.self) { try config.validate() }
        config = L2NodeConfig()
        config.http.listenAddress = "nowhere"
        do {
            try config.validate()
            Issue.record("accepted http.laddr \"nowhere\"")
        } catch {
            #expect(error.description.contains("http.laddr"))
        }
    }

    @Test("the batcher section: defaults, a partial file, each unusable value named by its key")
    func batcherSection() throws {
        let json = #"{"batcher": {"max_age_ms": 5000, "directory": "out/batches"}}"#
        let config = try JSONDecoder().decode(L2NodeConfig.self, from: Data(json.utf8))
        #expect(config.batcher.sink == "file" && config.batcher.targetBytes == 1 << 20)
        let policy = try #require(config.batcherConfiguration(rollupID: "r")).policy
        #expect(policy.maxAgeMillis == 5_000 && policy.maxBytes == 8 << 20 && policy.maxBlocks == 10_000)
        #expect(config.batchDirectory(home: L2NodeHome("/h")) == "/h/out/batches")
        #expect(L2NodeConfig().batchDirectory(home: L2NodeHome("/h")) == "/h/data/batches")
        var none = L2NodeConfig()
        none.batcher.sink = "none"
        #expect(none.batcherConfiguration(rollupID: "r") == nil)

        let unusable: [(String, (inout L2NodeConfig) -> Void)] = [
            ("batcher.sink", { $0.batcher.sink = "l1" }),
            ("batcher.target_bytes", { $0.batcher.targetBytes = 9 << 20 }),
            ("batcher.max_bytes", { $0.batcher.maxBytes = 64 << 20 }),
            ("batcher.max_blocks", { $0.batcher.maxBlocks = 0 }),
            ("batcher.max_age_ms", { $0.batcher.maxAgeMs = 0 }),
            ("batcher.poll_interval_ms", { $0.batcher.pollIntervalMs = 1 }),
        ]
        for (key, change) in unusable {
            var config = L2NodeConfig()
            change(&config)
            do {
                try config.validate()
                Issue.record("accepted an unusable \(key)")
            } catch {
                #expect(error.description.contains(key))
            }
        }
    }
}
