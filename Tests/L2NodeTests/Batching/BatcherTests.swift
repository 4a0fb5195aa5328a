import Bridge
import Common
import Foundation
import L2Runtime
import Synchronization
import TestSupport
import Testing

@testable import L2Node

/// The keys of accounts 0 to 20, which sign the test chains.
private let accountKeys = (0...20).map { try! AccountPrivateKey(bytes: [UInt8](repeating: UInt8($0 + 1), count: 32)) }

/// The key that signs `sender`'s transactions in the test chains.
@Sendable private func signer(_ sender: TransactionSender) -> AccountPublicKey? {
    switch sender {
    case .key(let key): key
    case .index(let index): index.value < accountKeys.count ? accountKeys[Int(index.value)].publicKey : nil
    }
}

/// The batch contents of `blocks`, their signatures aggregated.
func contents(_ blocks: [Block]) throws -> BatchContents { try BatchContents(blocks: blocks, signer: signer) }

/// A chain of `count` blocks from block 1, each with a few transfers signed by accounts 0 to 20.
private func chain(_ count: Int, seed: UInt64 = 1) -> [Block] {
    var random = SplitMix64(seed: seed)
    var blocks: [Block] = []
    for number in 1...UInt64(count) {
        let transactions = (0..<Int.random(in: 1...4, using: &random)).map { _ in
            let account = Int.random(in: 0...20, using: &random)
            return SignedTransaction(
                signing: Transaction(
                    chainID: "strata-l2", sender: .index(AccountIndex(UInt64(account))),
                    nonce: number, fee: 25, kind: .transfer,
                    payload: TransferPayload(recipient: try! Address(bytes: random.bytes(20)), amount: 7).canonicalBytes
                ),
                with: accountKeys[account])
        }
        let header = BlockHeader(
            number: number, parentHash: blocks.last?.hash ?? .zero, timestampMillis: 1_000 * number,
            transactionCount: UInt32(transactions.count), txsRoot: Block.txsRoot(transactions), receiptsRoot: .zero,
            stateRoot: Hash.blake2b([UInt8(number)]))
        blocks.append(Block(header: header, transactions: transactions))
    }
    return blocks
}

/// A clock the test moves.
private final class TestClock: Sendable {
    let now = Atomic<UInt64>(0)
    var read: @Sendable () -> UInt64 { { [self] in now.load(ordering: .relaxed) } }
}

@Suite("the batcher and the file sink")
struct BatcherTests {
    /// Closes a batch every 3 blocks.
    static let configuration = Batcher.Configuration(
        rollupID: "strata-l2",
        policy: .init(targetBytes: 1 << 20, maxBytes: 1 << 20, maxBlocks: 3, maxAgeMillis: 10_000))

    @Test("the batcher submits chained batches that decode to the blocks it was given")
    func submitsChainedBatches() async throws {
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let sink = MemoryBatchSink()
        let batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: directory.url.appendingPathComponent("batcher"),
            signer: signer)
        let blocks = chain(10)
        for block in blocks { try await batcher.add(block) }
        try await batcher.flush()
        let entries = await sink.entries
        #expect(entries.map(\.commitment.batchIndex) == [0, 1, 2, 3])
        var restored: [BatchBlock] = []
        var previous: BatchCommitment?
        for entry in entries {
            #expect(entry.commitment.follows(previous))
            previous = entry.commitment
            let decoded = try BatchDecoder().decode(entry.batch.data)
            #expect(decoded.signatureVerifies(signer: signer))
            restored += decoded.blocks
        }
        #expect(restored == blocks.map(BatchBlock.init))
        #expect(await batcher.lastSubmitted == entries.last?.commitment)
    }

    @Test("a batch closes by age on a tick")
    func closesByAge() async throws {
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let sink = MemoryBatchSink()
        let clock = TestClock()
        let batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: directory.url, signer: signer, clock: clock.read)
        try await batcher.add(chain(1)[0])
        try await batcher.tick()
        #expect(await sink.entries.isEmpty)
        clock.now.store(10_000, ordering: .relaxed)
        try await batcher.tick()
        #expect(await sink.entries.count == 1)
    }

    @Test("after a restart the batcher skips what it submitted and continues the chain, with no duplicate")
    func restartDoesNotDoubleSubmit() async throws {
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let sinkDirectory = directory.url.appendingPathComponent("sink")
        let batcherDirectory = directory.url.appendingPathComponent("batcher")
        let blocks = chain(14)
        do {
            let batcher = try await Batcher.open(
                configuration: Self.configuration, sink: try FileBatchSink(directory: sinkDirectory),
                directory: batcherDirectory, signer: signer)
            for block in blocks.prefix(8) { try await batcher.add(block) }  // batches 0, 1; blocks 7-8 open (lost)
        }
        let sink = try FileBatchSink(directory: sinkDirectory)
        let batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: batcherDirectory, signer: signer)
        #expect(await batcher.nextBlockNumber == 7)
        for block in blocks { try await batcher.add(block) }  // the block store replayed from the start
        try await batcher.flush()
        #expect(try await sink.lastCommitment()?.batchIndex == 4)
        var restored: [BatchBlock] = []
        for index in UInt64(0)...4 {
            let stored = try #require(try await sink.stored(index: index))
            restored += try BatchDecoder().decode(stored.batch.data).blocks
        }
        #expect(restored == blocks.map(BatchBlock.init))
        let files = try FileManager.default.contentsOfDirectory(atPath: sinkDirectory.path).filter {
            !$0.hasPrefix(".")
        }
        #expect(files.count == 10)
        await #expect(throws: Batcher.Failure.gap(expected: 15, found: 16)) { try await batcher.add(chain(16)[15]) }
    }

    @Test("a submission interrupted by a crash is completed once: resubmitted if the sink lacks it, dropped if not")
    func pendingSubmission() async throws {
        let blocks = chain(6)
        for sinkHasIt in [false, true] {
            let directory = TemporaryDirectory(prefix: "strata-batcher")
            let sink = MemoryBatchSink()
            let first = try BatchEncoder().encode(contents(Array(blocks.prefix(3))))
            let commitment = BatchCommitment(
                rollupID: "strata-l2", batchIndex: 0, parentBatchHash: .zero, blocks: Array(blocks.prefix(3)),
                batch: first)
            if sinkHasIt { try await sink.submit(first, commitment: commitment) }
            try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
            try BatcherProgress(last: nil, pending: (first, commitment)).save(to: directory.url)

            let batcher = try await Batcher.open(
                configuration: Self.configuration, sink: sink, directory: directory.url, signer: signer)
            #expect(await sink.entries.map(\.commitment) == [commitment])
            #expect(await sink.repeatedSubmissions == 0)
            for block in blocks { try await batcher.add(block) }
            #expect(await sink.entries.map(\.commitment.batchIndex) == [0, 1])
            #expect(try BatcherProgress.load(from: directory.url, limits: .standard).pending == nil)
        }
    }

    @Test("a batch verifiers could not read (a chain id over the readers' cap) is never submitted")
    func unreadableBatchIsNotSubmitted() async throws {
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let sink = MemoryBatchSink()
        let batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: directory.url, signer: signer)
        let long = String(repeating: "x", count: 60)
        let transaction = SignedTransaction(
            transaction: Transaction(
                chainID: long, sender: .index(AccountIndex(1)), nonce: 0, fee: 1, kind: .transfer, payload: []),
            signature: try SchnorrSignature(bytes: [UInt8](repeating: 1, count: 64)))
        let header = BlockHeader(
            number: 1, parentHash: .zero, timestampMillis: 1, transactionCount: 1,
            txsRoot: Block.txsRoot([transaction]), receiptsRoot: .zero, stateRoot: .zero)
        try await batcher.add(Block(header: header, transactions: [transaction]))
        await #expect(throws: Batcher.Failure.self) { try await batcher.flush() }
        #expect(await sink.entries.isEmpty)
        #expect(try BatcherProgress.load(from: directory.url, limits: .standard).pending == nil)
    }

    @Test("a batch whose aggregate signature does not verify, or with a sender of no known key, is never submitted")
    func badSignatureIsNotSubmitted() async throws {
        func block(signedBy key: AccountPrivateKey, sender: TransactionSender) -> Block {
            let transaction = SignedTransaction(
                signing: Transaction(
                    chainID: "strata-l2", sender: sender, nonce: 0, fee: 1, kind: .transfer,
                    payload: TransferPayload(recipient: key.publicKey.address, amount: 1).canonicalBytes),
                with: key)
            let header = BlockHeader(
                number: 1, parentHash: .zero, timestampMillis: 1, transactionCount: 1,
                txsRoot: Block.txsRoot([transaction]), receiptsRoot: .zero, stateRoot: .zero)
            return Block(header: header, transactions: [transaction])
        }
        // Account 3's transaction signed by account 4's key.
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let sink = MemoryBatchSink()
        var batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: directory.url, signer: signer)
        try await batcher.add(block(signedBy: accountKeys[4], sender: .index(AccountIndex(3))))
        await #expect(throws: Batcher.Failure.badSignature(first: 1, last: 1)) { try await batcher.flush() }
        #expect(await sink.entries.isEmpty)

        // A sender index the key source does not know.
        let other = TemporaryDirectory(prefix: "strata-batcher")
        batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: other.url, signer: signer)
        try await batcher.add(block(signedBy: accountKeys[4], sender: .index(AccountIndex(99))))
        await #expect(throws: BatchEncodingError.unknownSigner("index 99")) { try await batcher.flush() }
        #expect(await sink.entries.isEmpty)
    }

    @Test("fingerprints recorded at ingest stand in for the aggregate check; a block missing one is checked in full")
    func fingerprintsStandInForTheAggregateCheck() async throws {
        let blocks = chain(6)
        let verified = VerifiedSignatures()
        for block in blocks {
            // The last transaction of block 5 was checked by the runtime, not at ingest: no fingerprint.
            let recorded = block.header.number == 5 ? block.transactions.dropLast() : block.transactions[...]
            for transaction in recorded {
                let key = try #require(signer(transaction.transaction.sender))
                verified.record(
                    VerifiedSignatures.fingerprint(
                        key: key, digest: transaction.transaction.signingDigest, signature: transaction.signature),
                    block: block.header.number)
            }
        }
        let checks = Mutex<[Batcher.CheckedBy]>([])
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let sink = MemoryBatchSink()
        let batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: directory.url, signer: signer, verified: verified,
            onSubmitted: { submission in checks.withLock { $0.append(submission.signaturesCheckedBy) } })
        for block in blocks { try await batcher.add(block) }
        try await batcher.flush()
        #expect(checks.withLock { $0 } == [.fingerprints, .aggregate])
        #expect(verified.count == 0, "the batched blocks' fingerprints are forgotten")
        for entry in await sink.entries {
            #expect(try BatchDecoder().decode(entry.batch.data).signatureVerifies(signer: signer))
        }
    }

    @Test("a signature verified at ingest under another key than the batcher finds is caught by the aggregate check")
    func fingerprintOfAnotherKeyIsCaught() async throws {
        // Account 3's transaction signed by account 4's key, and verified at ingest as if account 3 had that key.
        let transaction = SignedTransaction(
            signing: Transaction(
                chainID: "strata-l2", sender: .index(AccountIndex(3)), nonce: 0, fee: 1, kind: .transfer,
                payload: TransferPayload(recipient: accountKeys[4].publicKey.address, amount: 1).canonicalBytes),
            with: accountKeys[4])
        let header = BlockHeader(
            number: 1, parentHash: .zero, timestampMillis: 1, transactionCount: 1,
            txsRoot: Block.txsRoot([transaction]), receiptsRoot: .zero, stateRoot: .zero)
        let verified = VerifiedSignatures()
        verified.record(
            VerifiedSignatures.fingerprint(
                key: accountKeys[4].publicKey, digest: transaction.transaction.signingDigest,
                signature: transaction.signature),
            block: 1)
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let sink = MemoryBatchSink()
        let batcher = try await Batcher.open(
            configuration: Self.configuration, sink: sink, directory: directory.url, signer: signer, verified: verified)
        try await batcher.add(Block(header: header, transactions: [transaction]))
        await #expect(throws: Batcher.Failure.badSignature(first: 1, last: 1)) { try await batcher.flush() }
        #expect(await sink.entries.isEmpty)
    }

    @Test("the fingerprint record answers by block, forgets what is batched, and records nothing new when full")
    func verifiedSignaturesRecord() {
        let verified = VerifiedSignatures(capacity: 5)
        let prints = (0..<8).map { Hash.blake2b([UInt8($0)]) }
        verified.record(prints[0], block: 1)
        verified.record(prints[1], block: 1)
        verified.record(prints[1], block: 1)  // the same twice counts once
        verified.record(prints[2], block: 2)
        #expect(verified.count == 3)
        #expect(verified.covers(prints[0...1], block: 1))
        #expect(!verified.covers(prints[0...2], block: 1), "a fingerprint of another block does not count")
        #expect(!verified.covers([prints[2]], block: 3))
        #expect(verified.covers([], block: 9), "a block without transactions needs none")
        for index in 3..<6 { verified.record(prints[index], block: 3) }
        // Full at five: the sixth is not recorded, and its block is then checked in full.
        #expect(verified.count == 5)
        #expect(verified.covers(prints[3..<5], block: 3) && !verified.covers([prints[5]], block: 3))
        verified.forget(through: 1)
        #expect(verified.count == 3 && !verified.covers([prints[0]], block: 1))
        verified.record(prints[6], block: 4)  // room again
        #expect(verified.covers([prints[6]], block: 4) && verified.covers([prints[2]], block: 2))
        verified.forget(through: 3)
        #expect(verified.count == 1 && verified.covers([prints[6]], block: 4))
        verified.forget(through: 4)
        #expect(verified.count == 0)
        #expect(VerifiedSignatures(capacity: 0).count == 0)
    }

    @Test("the file sink refuses out-of-order batches and reads back what it stored")
    func fileSinkOrder() async throws {
        let directory = TemporaryDirectory(prefix: "strata-batcher")
        let blocks = chain(2)
        let batch = try BatchEncoder().encode(contents(blocks))
        let commitment = BatchCommitment(
            rollupID: "strata-l2", batchIndex: 1, parentBatchHash: .zero, blocks: blocks, batch: batch)
        let sink = try FileBatchSink(directory: directory.url)
        await #expect(throws: BatchSinkError.outOfOrder(expectedIndex: 0, found: 1)) {
            try await sink.submit(batch, commitment: commitment)
        }
        var zero = commitment
        zero.batchIndex = 0
        try await sink.submit(batch, commitment: zero)
        try await sink.submit(batch, commitment: zero)
        #expect(try await FileBatchSink(directory: directory.url).lastCommitment() == zero)
        #expect(try await sink.stored(index: 0)?.batch == batch)
    }
}
