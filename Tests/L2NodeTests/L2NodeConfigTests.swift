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
}
