import Common
import Foundation
import L2Node
import L2Runtime
import Synchronization
import Testing

/// Figures under load, on a real file log with fsync (printed; the assertions are loose sanity bounds).
@Suite("Sequencer under load (figures)", .serialized)
struct SequencerLoadTests {
    @Test("16 concurrent submitters on a file log: confirmation latency, group-commit batching, seal cost")
    func latencyUnderLoad() async throws {
        let directory = NSTemporaryDirectory() + "l2load-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chain = TestChain(accounts: 16)
        let sequencer = try Sequencer(
            storage: .directory(directory), genesis: chain.genesis, key: chain.sequencerKey,
            configuration: SequencerConfiguration(blockIntervalMillis: 200))
        let timer = Task { await sequencer.run() }
        let perSender = 150
        let transactions = (0..<16).map { sender in
            (0..<perSender).map { chain.transfer(from: sender, nonce: UInt64($0)).bytes }
        }
        let latencies = Shared<[Double]>([])
        let clock = ContinuousClock()
        let started = clock.now
        await withTaskGroup(of: Void.self) { group in
            for sender in 0..<16 {
                group.addTask {
                    for bytes in transactions[sender] {
                        let begin = clock.now
                        let result = await sequencer.process([bytes])
                        let elapsed = begin.duration(to: clock.now)
                        #expect(result.first?.success != nil)
                        latencies.value.withLock {
                            $0.append(
                                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds)
                                    / 1e15)
                        }
                    }
                }
            }
        }
        let total = started.duration(to: clock.now)
        let sorted = latencies.value.withLock { $0 }.sorted()
        let p50 = sorted[sorted.count / 2]
        let p99 = sorted[sorted.count * 99 / 100]
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        let syncs = String(decoding: sequencer.metrics.exposition(), as: UTF8.self).split(separator: "\n").filter {
            ($0.hasPrefix("strata_l2_log_sync") || $0.hasPrefix("strata_l2_block_seal"))
                && ($0.contains("_count") || $0.contains("_sum"))
        }
        print(
            "load: \(sorted.count) txs from 16 concurrent submitters in \(String(format: "%.2f", seconds)) s "
                + "(\(Int(Double(sorted.count) / seconds)) tx/s); confirmation p50 \(String(format: "%.1f", p50)) ms, "
                + "p99 \(String(format: "%.1f", p99)) ms; \(syncs.joined(separator: "; "))")
        #expect(p99 < 1_000)
        timer.cancel()
        await timer.value
        #expect(await sequencer.tip.number >= 1)
    }

    @Test("sealing a block of 5,000 transfers: roots, block store, state commit")
    func bigBlockSeal() async throws {
        let directory = NSTemporaryDirectory() + "l2seal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chain = TestChain(accounts: 50)
        let sequencer = try Sequencer(
            storage: .directory(directory), genesis: chain.genesis, key: chain.sequencerKey,
            configuration: SequencerConfiguration(maxBlockTransactions: 65_536))
        // Every transfer goes to a new recipient, so the block writes ~10,000 keys.
        var batch: [[UInt8]] = []
        for sender in 0..<50 {
            for nonce in 0..<100 {
                let transaction = Transaction(
                    chainID: TestChain.chainID, sender: .key(chain.keys[sender].publicKey), nonce: UInt64(nonce),
                    fee: 0, kind: .transfer,
                    payload: TransferPayload(recipient: AccountPrivateKey().publicKey.address, amount: 1)
                        .canonicalBytes)
                batch.append(SignedTransaction(signing: transaction, with: chain.keys[sender]).bytes)
            }
        }
        let clock = ContinuousClock()
        let ingest = clock.now
        let results = await sequencer.process(batch)
        let ingested = ingest.duration(to: clock.now)
        #expect(results.allSatisfy { $0.success != nil })
        let seal = clock.now
        try await sequencer.sealNow()
        let sealed = seal.duration(to: clock.now)
        print("big block: 5000 transfers ingested as one batch in \(ingested), sealed+stored+committed in \(sealed)")
        #expect(await sequencer.tip.transactionCount == 5_000)
        await sequencer.shutdown()
    }
}
