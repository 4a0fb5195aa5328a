import Bridge
import Common
import Foundation
import Hummingbird
import HummingbirdTesting
import L2Runtime
import Logging
import Synchronization
import TestSupport
import Testing

@testable import L2Node

/// A sink that refuses submissions while `failing` is set, and otherwise keeps them in memory.
private actor FlakySink: BatchSink {
    let inner = MemoryBatchSink()
    var failing = false
    private(set) var refused = 0

    func setFailing(_ value: Bool) { failing = value }

    func submit(_ batch: EncodedBatch, commitment: BatchCommitment) async throws {
        if failing {
            refused += 1
            throw BatchSinkError.storage("disk full (test)")
        }
        try await inner.submit(batch, commitment: commitment)
    }

    func lastCommitment() async throws -> BatchCommitment? { try await inner.lastCommitment() }
}

/// A temporary directory, removed with its owner.
@Suite("the batch feed from the block store")
struct BatchFeedTests {
    /// Two blocks a batch.
    static let configuration = Batcher.Configuration(
        rollupID: TestChain.chainID,
        policy: .init(targetBytes: 1 << 20, maxBytes: 1 << 20, maxBlocks: 2, maxAgeMillis: 60_000))

    /// A test chain, its in-memory sequencer, and a directory for the batcher's progress (removed at the end).
    private static func fixture() throws -> (TestChain, Sequencer, TemporaryDirectory) {
        let chain = TestChain()
        return (chain, try chain.sequencer(medium: MemoryLogMedium()), TemporaryDirectory(prefix: "feed"))
    }

    /// Seals `count` blocks of two transfers each, continuing the senders' nonces from `firstNonce`.
    private func seal(_ count: Int, on sequencer: Sequencer, chain: TestChain, firstNonce: UInt64 = 0) async throws {
        for step in 0..<UInt64(count) {
            let nonce = firstNonce + step
            let results = await sequencer.process([
                chain.transfer(from: 0, nonce: nonce).bytes, chain.transfer(from: 1, nonce: nonce).bytes,
            ])
            #expect(results.allSatisfy { $0.success != nil })
            try await sequencer.sealNow()
        }
    }

    private func feed(_ sequencer: Sequencer, sink: any BatchSink, directory: URL) async throws -> BatchFeed {
        let metrics = BatcherMetrics(registry: SequencerMetrics().registry)
        let batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: directory,
            signer: { try sequencer.signerKey(of: $0) }, onSubmitted: metrics.reporter(logger: Logger(label: "test")))
        return BatchFeed(
            blocks: sequencer.blocks, batcher: batcher, metrics: metrics, logger: Logger(label: "test"),
            committedThrough: { sequencer.committedTip.number })
    }

    /// The blocks the sink's batches decode to, checking that the commitments chain and that each batch's
    /// aggregate signature verifies against the keys the sequencer's state holds.
    private func batchedBlocks(_ sink: MemoryBatchSink, sequencer: Sequencer) async throws -> [BatchBlock] {
        var previous: BatchCommitment?
        var blocks: [BatchBlock] = []
        for entry in await sink.entries {
            #expect(entry.commitment.follows(previous))
            previous = entry.commitment
            let decoded = try BatchDecoder().decode(entry.batch.data)
            #expect(decoded.blocks.first?.header.number == entry.commitment.firstBlock)
            #expect(decoded.blocks.last?.header.number == entry.commitment.lastBlock)
            #expect(try decoded.signatureVerifies { try sequencer.signerKey(of: $0) })
            blocks += decoded.blocks
        }
        return blocks
    }

    private func stored(_ sequencer: Sequencer, _ numbers: ClosedRange<UInt64>) throws -> [BatchBlock] {
        try numbers.map { number in BatchBlock(try #require(try sequencer.blocks.block(number)).block) }
    }

    @Test("every sealed block after the genesis reaches the sink once, in order, across a batcher restart")
    func feedsEverySealedBlockOnce() async throws {
        let (chain, sequencer, scratch) = try Self.fixture()
        let directory = scratch.url
        let sink = MemoryBatchSink()

        try await seal(5, on: sequencer, chain: chain)
        let first = try await feed(sequencer, sink: sink, directory: directory)
        #expect(try await first.step() == 5)
        // Blocks 1-4 made two full batches; block 5 waits in the open batch.
        #expect(await sink.entries.map(\.commitment.lastBlock) == [2, 4])

        // A restart loses the open batch; the new feed takes block 5 again from the store.
        try await seal(2, on: sequencer, chain: chain, firstNonce: 5)
        let second = try await feed(sequencer, sink: sink, directory: directory)
        #expect(await second.batcher.nextBlockNumber == 5)
        try await second.finish()
        #expect(await sink.entries.map(\.commitment.lastBlock) == [2, 4, 6, 7])
        #expect(try await batchedBlocks(sink, sequencer: sequencer) == (try stored(sequencer, 1...7)))
        #expect(await sink.repeatedSubmissions == 0)
        #expect(try await second.step() == 0)
    }

    @Test("the sequencer's ingest fingerprints check each batch's signatures, across a batcher restart")
    func ingestFingerprintsCheckBatches() async throws {
        let (chain, sequencer, scratch) = try Self.fixture()
        let sink = MemoryBatchSink()
        let checks = Mutex<[Batcher.CheckedBy]>([])
        let registry = SequencerMetrics().registry
        let metrics = BatcherMetrics(registry: registry)
        func feed() async throws -> BatchFeed {
            let report = metrics.reporter(logger: Logger(label: "test"))
            let batcher = try await Batcher.open(
                configuration: Self.configuration, sink: sink, directory: scratch.url,
                signer: { try sequencer.signerKey(of: $0) }, verified: sequencer.verifiedSignatures,
                onSubmitted: { submission in
                    checks.withLock { $0.append(submission.signaturesCheckedBy) }
                    report(submission)
                })
            return BatchFeed(
                blocks: sequencer.blocks, batcher: batcher, metrics: metrics, logger: Logger(label: "test"),
                committedThrough: { sequencer.committedTip.number })
        }
        try await seal(5, on: sequencer, chain: chain)
        #expect(sequencer.verifiedSignatures.count == 10)
        #expect(try await feed().step() == 5)
        // Blocks 1-4 are batched and their fingerprints forgotten; block 5's wait with it in the open batch.
        #expect(sequencer.verifiedSignatures.count == 2)
        try await seal(1, on: sequencer, chain: chain, firstNonce: 5)
        try await feed().finish()
        #expect(checks.withLock { $0 } == [.fingerprints, .fingerprints, .fingerprints])
        var exposition: [UInt8] = []
        registry.emit(into: &exposition)
        let text = String(decoding: exposition, as: UTF8.self)
        #expect(text.contains(#"strata_l2_batch_signature_checks_total{by="fingerprints"} 3"#))
        #expect(sequencer.verifiedSignatures.count == 0)
        #expect(try await batchedBlocks(sink, sequencer: sequencer) == (try stored(sequencer, 1...6)))
    }

    @Test("a failing sink leaves the blocks in the store; the next rounds batch them without loss or repeat")
    func failingSinkRecovers() async throws {
        let (chain, sequencer, scratch) = try Self.fixture()
        let directory = scratch.url
        let sink = FlakySink()
        let feed = try await feed(sequencer, sink: sink, directory: directory)

        try await seal(3, on: sequencer, chain: chain)
        await sink.setFailing(true)
        await #expect(throws: BatchSinkError.self) { try await feed.step() }
        await #expect(throws: BatchSinkError.self) { try await feed.step() }
        #expect(await sink.inner.entries.isEmpty)

        try await seal(2, on: sequencer, chain: chain, firstNonce: 3)
        await sink.setFailing(false)
        try await feed.finish()
        #expect(try await batchedBlocks(sink.inner, sequencer: sequencer) == (try stored(sequencer, 1...5)))
        #expect(await sink.refused == 2)
    }

    @Test("run() follows the store until cancelled; finish() then batches the rest")
    func runFollowsTheStore() async throws {
        let (chain, sequencer, scratch) = try Self.fixture()
        let directory = scratch.url
        let sink = MemoryBatchSink()
        let feed = try await feed(sequencer, sink: sink, directory: directory)
        let running = Task { await feed.run(pollEvery: .milliseconds(10)) }

        try await seal(4, on: sequencer, chain: chain)
        _ = try await eventually(every: .milliseconds(10)) { await sink.entries.last?.commitment.lastBlock == 4 }
        #expect(await sink.entries.map(\.commitment.lastBlock) == [2, 4])
        try await seal(1, on: sequencer, chain: chain, firstNonce: 4)
        running.cancel()
        await running.value
        try await feed.finish()
        #expect(try await batchedBlocks(sink, sequencer: sequencer) == (try stored(sequencer, 1...5)))
    }

    @Test("GET /v1/status shows the batcher's last batch, its last block and the backlog")
    func statusShowsTheBatcher() async throws {
        let (chain, sequencer, scratch) = try Self.fixture()
        let sink = MemoryBatchSink()
        let feed = try await feed(sequencer, sink: sink, directory: scratch.url)
        let app = Application(router: SequencerHTTPServer(sequencer: sequencer, batcher: feed.batcher).makeRouter())
        try await seal(3, on: sequencer, chain: chain)
        try await feed.step()
        let last = try #require(await sink.entries.last?.commitment)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/status", method: .get) { response in
                let status = try JSONDecoder().decode(API.Status.self, from: Data(response.body.readableBytesView))
                let batcher = try #require(status.batcher)
                #expect(batcher.lastBatch == 0 && batcher.lastBatchedBlock == 2)
                #expect(batcher.lastBatchHash == last.hash.description)
                #expect(batcher.backlogBytes > 0, "block 3 waits in the open batch")
            }
        }
        let plain = Application(router: SequencerHTTPServer(sequencer: sequencer).makeRouter())
        try await plain.test(.router) { client in
            try await client.execute(uri: "/v1/status", method: .get) { response in
                let status = try JSONDecoder().decode(API.Status.self, from: Data(response.body.readableBytesView))
                #expect(status.batcher == nil)
            }
        }
    }
}
