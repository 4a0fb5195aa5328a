import Bridge
import Common
import Foundation
import L2Node
import L2Runtime
import Synchronization
import Testing

/// A real `l2d` sequencer killed with SIGKILL at random moments under concurrent load: every transaction it
/// confirmed is there after each restart, at the same block and index, and the chain replays to the same roots.
@Suite("L2 sequencer end to end", .serialized)
struct SequencerCrashTests {
    static let chainID = "strata-l2-e2e-1"

    /// Confirmations gathered by concurrent submitters.
    final class Collected: Sendable {
        let items = Mutex<[Confirmed]>([])
        /// Milliseconds from request to confirmed answer, per request that succeeded.
        let latencies = Mutex<[Double]>([])
    }

    /// A confirmation the sequencer returned: where it put the transaction.
    struct Confirmed: Hashable, Sendable {
        var hash: String
        var block: Int
        var index: Int
    }

    @Test("kill -9 under load, 4 rounds: every confirmed tx survives at its place; a replay gives the same roots")
    func killNineUnderLoad() async throws {
        let binary = try #require(SequencerProcess.locateBinary(), "l2d must be built next to the tests")
        let root = NSTemporaryDirectory() + "strata-l2-e2e-\(UUID().uuidString)"
        defer {
            // STRATA_E2E_KEEP=1 keeps the homes and logs for a look.
            if ProcessInfo.processInfo.environment["STRATA_E2E_KEEP"] == nil {
                try? FileManager.default.removeItem(atPath: root)
            } else {
                print("e2e: kept \(root)")
            }
        }
        let port = try #require(freeLoopbackPort(), "a free port on 127.0.0.1")
        let node = SequencerProcess(binary: binary, root: root, port: port)
        let senders = (0..<6).map { _ in AccountPrivateKey() }
        let recipient = AccountPrivateKey().publicKey.address
        try node.run(
            [
                "init", "--home", node.home, "--chain-id", Self.chainID, "--http-laddr", "127.0.0.1:\(port)",
                "--block-interval-ms", "100",
            ]
                + senders.flatMap { ["--fund", "\($0.publicKey.address)=1000000000"] })
        // Batches close every 200 ms, so the kills land around batch writes too.
        let configFile = node.home + "/config/config.toml"
        let configText = try String(contentsOfFile: configFile, encoding: .utf8)
        #expect(configText.contains("max_age_ms = 60000"))
        try configText.replacingOccurrences(of: "max_age_ms = 60000", with: "max_age_ms = 200")
            .write(toFile: configFile, atomically: true, encoding: .utf8)

        var confirmed: [Confirmed] = []
        var latencies: [Double] = []
        var sealedHeaders: [Int: String] = [:]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<4 {
            try node.start()
            let status = try #require(
                await node.waitUntilServing(), "round \(round): l2d serves; its log ends:\n\(node.logTail())")
            // Every transaction confirmed so far is where its confirmation said (after the open block seals).
            try await expectPresent(confirmed, node: node, round: round)
            for (number, hash) in sealedHeaders {
                let block = await node.request("GET", "/v1/blocks/\(number)")
                #expect(block?.json["hash"] as? String == hash, "round \(round): block \(number) unchanged")
            }
            let latest = status["latest_block"] as? Int ?? 0
            if latest > 0, let block = await node.request("GET", "/v1/blocks/\(latest)") {
                sealedHeaders[latest] = block.json["hash"] as? String
            }
            // Load from every sender at once, then a kill at a random moment once the load is confirming (the
            // first confirmation, bounded by 30 s, then 0.2-1.0 s): a kill before any confirmation tests nothing.
            let results = Collected()
            let killAfter = Double.random(in: 0.2...1.0, using: &generator)
            await withTaskGroup(of: Void.self) { group in
                for (position, key) in senders.enumerated() {
                    group.addTask {
                        await Self.submitUntilFailure(
                            key: key, batch: position % 2 == 0 ? 1 : 8, recipient: recipient, node: node,
                            into: results)
                    }
                }
                group.addTask {
                    for _ in 0..<3_000 where results.items.withLock(\.isEmpty) {
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                    try? await Task.sleep(for: .seconds(killAfter))
                    node.stop(signal: SIGKILL)
                }
            }
            let gained = results.items.withLock { $0 }
            latencies += results.latencies.withLock { $0 }
            #expect(!gained.isEmpty, "round \(round): some transactions were confirmed before the kill")
            confirmed += gained
        }

        // The last restart: everything is there, then a clean stop.
        try node.start()
        #expect(await node.waitUntilServing() != nil)
        try await expectPresent(confirmed, node: node, round: 4)
        #expect(Set(confirmed.map(\.hash)).count == confirmed.count, "no transaction confirmed twice")
        let final = try #require(await node.waitUntilServing())
        #expect(node.stop(signal: SIGTERM) == 0, "SIGTERM exits cleanly")

        // Determinism: a fresh home with only the log replays to the same chain.
        let replicaPort = try #require(freeLoopbackPort(), "a free port on 127.0.0.1")
        let replica = SequencerProcess(binary: binary, root: root + "/replica", port: replicaPort)
        try FileManager.default.createDirectory(atPath: replica.home + "/data", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: node.home + "/config", toPath: replica.home + "/config")
        try FileManager.default.copyItem(
            atPath: node.home + "/data/sequencer.log", toPath: replica.home + "/data/sequencer.log")
        let config = replica.home + "/config/config.toml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "127.0.0.1:\(port)", with: "127.0.0.1:\(replicaPort)")
            .write(toFile: config, atomically: true, encoding: .utf8)
        try replica.start()
        let replayedAtStart = try #require(
            await replica.waitUntilServing(), "the replica serves: \(replica.logTail())")
        // The block open at the stop, if its sealed record was not yet synced, seals again on the first tick.
        var replayed = replayedAtStart
        for _ in 0..<100 where (replayed["latest_block"] as? Int ?? 0) < (final["latest_block"] as? Int ?? 0) {
            try await Task.sleep(for: .milliseconds(20))
            replayed = await replica.request("GET", "/v1/status")?.json ?? replayed
        }
        let stopped = await node.request("GET", "/v1/status")
        #expect(stopped == nil, "the original is stopped")
        #expect(replayed["latest_block"] as? Int == final["latest_block"] as? Int)
        #expect(replayed["latest_state_root"] as? String != nil)
        let finalBlock = final["latest_block"] as? Int ?? 0
        for number in [1, finalBlock / 2, finalBlock] where number > 0 {
            let block = await replica.request("GET", "/v1/blocks/\(number)")
            if let hash = sealedHeaders[number] {
                #expect(block?.json["hash"] as? String == hash)
            }
        }
        #expect(replayed["latest_block_hash"] as? String == final["latest_block_hash"] as? String)
        #expect(replayed["latest_state_root"] as? String == final["latest_state_root"] as? String)
        // The batcher, killed with the sequencer 4 times, wrote every block once, in order, in chained batches.
        try await expectBatched(through: finalBlock, home: node.home, chain: replica)
        replica.stop(signal: SIGTERM)
        let sorted = latencies.sorted()
        let p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let p99 = sorted.isEmpty ? 0 : sorted[sorted.count * 99 / 100]
        print(
            "e2e: \(confirmed.count) confirmed transactions over 4 kills; final block \(finalBlock); "
                + "HTTP request to confirmation (3 single-tx clients, 3 clients of 8-tx batches): "
                + "p50 \(Int(p50)) ms, p99 \(Int(p99)) ms over \(sorted.count) requests")
    }

    /// Checks that the file sink in `home` holds chained batches that decode to blocks 1...`last` exactly, with
    /// the hashes `chain` serves.
    func expectBatched(through last: Int, home: String, chain: SequencerProcess) async throws {
        let sink = try FileBatchSink(directory: URL(fileURLWithPath: home + "/data/batches"))
        let newest = try #require(try await sink.lastCommitment(), "the sequencer's batcher wrote batches")
        var previous: BatchCommitment?
        var blocks: [BatchBlock] = []
        for index in 0...newest.batchIndex {
            let (batch, commitment) = try #require(try await sink.stored(index: index), "batch \(index) is stored")
            #expect(commitment.follows(previous) && commitment.dataHash == batch.dataHash, "batch \(index) chains")
            previous = commitment
            blocks += try BatchDecoder().decode(batch.data).blocks
        }
        #expect(blocks.map(\.header.number) == (1...UInt64(max(last, 1))).map { $0 }, "every block once, in order")
        for block in blocks {
            let served = await chain.request("GET", "/v1/blocks/\(block.header.number)")
            #expect(served?.json["hash"] as? String == block.header.hash.description, "block \(block.header.number)")
        }
    }

    /// Checks that each confirmed transaction is sealed at its block and index (waiting for the recovered open
    /// block to seal), reading each block once.
    func expectPresent(_ confirmed: [Confirmed], node: SequencerProcess, round: Int) async throws {
        let byBlock = Dictionary(grouping: confirmed, by: \.block)
        for (number, items) in byBlock.sorted(by: { $0.key < $1.key }) {
            var hashes: [String]?
            for _ in 0..<100 {
                if let (status, json) = await node.request("GET", "/v1/blocks/\(number)"), status == 200 {
                    hashes = json["txs"] as? [String]
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let txs = try #require(hashes, "round \(round): block \(number) is sealed")
            for item in items {
                #expect(
                    item.index < txs.count && txs[item.index] == item.hash,
                    "round \(round): \(item.hash) at block \(number) index \(item.index)")
            }
        }
    }

    /// Sends transfers from `key` (one at a time or in batches of `batch`), nonce after nonce, until a request
    /// fails (the kill); records every confirmation.
    static func submitUntilFailure(
        key: AccountPrivateKey, batch: Int, recipient: Address, node: SequencerProcess,
        into results: Collected
    ) async {
        let address = key.publicKey.address
        guard let account = await node.request("GET", "/v1/accounts/\(address)"), account.status == 200,
            var nonce = (account.json["nonce"] as? Int).map(UInt64.init)
        else { return }
        while true {
            let transactions = (0..<batch).map { offset in
                let transaction = Transaction(
                    chainID: chainID, sender: .key(key.publicKey), nonce: nonce + UInt64(offset), fee: 0,
                    kind: .transfer, payload: TransferPayload(recipient: recipient, amount: 1).canonicalBytes)
                return SignedTransaction(signing: transaction, with: key)
            }
            let body: Data
            let path: String
            if batch == 1 {
                path = "/v1/tx"
                body = try! JSONSerialization.data(withJSONObject: ["tx": Hex.encode(transactions[0].bytes)])
            } else {
                path = "/v1/txs"
                body = try! JSONSerialization.data(withJSONObject: ["txs": transactions.map { Hex.encode($0.bytes) }])
            }
            let sent = ContinuousClock.now
            guard let (status, json) = await node.request("POST", path, body: body), status == 200 else { return }
            let elapsed = sent.duration(to: .now)
            results.latencies.withLock {
                $0.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            let answers =
                batch == 1
                ? [json]
                : (json["results"] as? [[String: Any]] ?? []).map {
                    $0["confirmation"] as? [String: Any] ?? [:]
                }
            var gained: [Confirmed] = []
            for (transaction, answer) in zip(transactions, answers) {
                guard let hash = answer["tx_hash"] as? String, let block = answer["block"] as? Int,
                    let index = answer["index"] as? Int
                else { return }
                #expect(hash == transaction.hash.description)
                gained.append(Confirmed(hash: hash, block: block, index: index))
            }
            results.items.withLock { $0 += gained }
            nonce += UInt64(batch)
        }
    }
}
