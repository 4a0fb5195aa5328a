import Common
import Foundation
import L2Node
import L2Runtime
import Synchronization
import TestSupport
import Testing

@Suite("Sequencer: ordering, soft confirmations, sealing, refusals, replay")
struct SequencerTests {
    let chain = TestChain()

    @Test("a confirmation is returned only after the log's fsync, and verifies with the sequencer key")
    func confirmationAfterSync() async throws {
        let medium = MemoryLogMedium()
        let sequencer = try chain.sequencer(medium: medium)
        medium.holdSyncs()
        let transaction = chain.transfer(from: 0, nonce: 0)
        let answered = Mutex(false)
        let task = Task {
            let result = await sequencer.process([transaction.bytes])
            answered.withLock { $0 = true }
            return result
        }
        #expect(
            try await eventually { await sequencer.openBlock?.transactions == 1 },
            "the transaction is executed while the fsync is held")
        try await Task.sleep(for: .milliseconds(100))
        #expect(!answered.withLock { $0 }, "no confirmation while the fsync is held")
        medium.releaseSyncs()
        let signed = try #require(await task.value.first?.success)
        #expect(signed.verify(chainID: TestChain.chainID))
        #expect(signed.sequencer == chain.sequencerKey.publicKey)
        #expect(!signed.verify(chainID: "another-chain"))
        #expect(
            signed.confirmation
                == SoftConfirmation(transactionHash: transaction.hash, blockNumber: 1, index: 0, status: .success))
        #expect(
            SequencerLogFrame.scan(medium.syncedBytes).records.contains(.transaction(transaction.bytes)),
            "the confirmed transaction is in the synced bytes")
    }

    @Test("transactions get consecutive indexes in the open block, and the sealed block holds them in that order")
    func orderAndSeal() async throws {
        let sequencer = try chain.sequencer(medium: MemoryLogMedium())
        let transactions = (0..<10).map { chain.transfer(from: Int($0 % 2), nonce: UInt64($0 / 2)) }
        let results = await sequencer.process(transactions.map(\.bytes))
        let signed = results.compactMap(\.success)
        let confirmations = signed.map(\.confirmation)
        #expect(confirmations.map(\.index) == Array(0..<10))
        // One signature for the request, and each confirmation checkable alone by its proof in the set.
        #expect(Set(signed.map(\.signature)).count == 1)
        #expect(signed.map(\.proof.index) == Array(0..<10) && signed.allSatisfy { $0.proof.count == 10 })
        #expect(signed.allSatisfy { $0.verify(chainID: TestChain.chainID) })
        #expect(
            SoftConfirmationSet.verify(
                confirmations, signature: signed[0].signature, sequencer: chain.sequencerKey.publicKey,
                chainID: TestChain.chainID))
        #expect(confirmations.allSatisfy { $0.blockNumber == 1 })
        try await sequencer.sealNow()
        let stored = try #require(try sequencer.blocks.block(1))
        #expect(stored.block.transactions == transactions)
        #expect(stored.block.header.parentHash == (try sequencer.blocks.header(0))?.hash)
        #expect(stored.block.header.txsRoot == Block.txsRoot(transactions))
        #expect(stored.block.header.receiptsRoot == Receipt.root(stored.receipts))
        #expect(await sequencer.tip.number == 1)
        #expect(try sequencer.blocks.location(of: transactions[7].hash)! == (1, 7))
    }

    @Test("a transaction ahead of its nonce waits and executes right after the gap fills")
    func nonceGap() async throws {
        let sequencer = try chain.sequencer(medium: MemoryLogMedium())
        let transactions = [chain.transfer(from: 0, nonce: 0), chain.transfer(from: 0, nonce: 1)]
        let later = Task { await sequencer.process([transactions[1].bytes]) }
        #expect(try await eventually { await sequencer.mempoolSize.transactions == 1 })
        let first = await sequencer.process([transactions[0].bytes])
        let second = await later.value
        #expect(first.first?.success?.confirmation.index == 0)
        #expect(second.first?.success?.confirmation.index == 1)
        #expect(await sequencer.mempoolSize.transactions == 0)
        // The waiting transaction's ingest fingerprint is recorded under the block it went into.
        for transaction in transactions {
            let verdict = SignatureCheck.verdict(transaction, keys: sequencer.keys)
            guard case .valid(let fingerprint) = verdict else {
                Issue.record("nonce \(transaction.transaction.nonce): \(verdict)")
                continue
            }
            #expect(sequencer.verifiedSignatures.covers([fingerprint], block: 1))
        }
        #expect(sequencer.verifiedSignatures.count == 2)
    }

    @Test("a block seals when its interval has passed since its first transaction, not before")
    func sealByTime() async throws {
        let clock = ManualClock()
        let sequencer = try chain.sequencer(
            medium: MemoryLogMedium(), clock: clock, configuration: SequencerConfiguration(blockIntervalMillis: 200))
        await sequencer.tick()
        #expect(await sequencer.tip.number == 0, "no empty blocks")
        _ = await sequencer.process([chain.transfer(from: 0, nonce: 0).bytes])
        clock.advance(199)
        await sequencer.tick()
        #expect(await sequencer.tip.number == 0)
        clock.advance(1)
        await sequencer.tick()
        #expect(await sequencer.tip.number == 1)
        #expect(await sequencer.tip.timestampMillis == 10_000)
    }

    @Test("a block seals at once when it reaches the transaction cap")
    func sealBySize() async throws {
        let sequencer = try chain.sequencer(
            medium: MemoryLogMedium(), configuration: SequencerConfiguration(maxBlockTransactions: 5))
        let results = await sequencer.process((0..<12).map { chain.transfer(from: 0, nonce: UInt64($0)).bytes })
        let places = results.compactMap(\.success).map { ($0.confirmation.blockNumber, $0.confirmation.index) }
        #expect(places.map(\.0) == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3])
        #expect(places.map(\.1) == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1])
        #expect(await sequencer.tip.number == 2)
        #expect(await sequencer.openBlock?.transactions == 2)
    }

    @Test("bad input gets a clear refusal with a stable code, and the sequencer goes on")
    func refusals() async throws {
        let sequencer = try chain.sequencer(
            medium: MemoryLogMedium(),
            configuration: SequencerConfiguration(mempool: MempoolLimits(maxPerSender: 1, maxNonceGap: 5)))
        _ = await sequencer.process([chain.transfer(from: 0, nonce: 0).bytes])
        let oversized = [UInt8](repeating: 1, count: TransactionLimits.maxBytes + 1)
        let cases: [([UInt8], Int)] = [
            ([1, 2, 3], 200),
            (oversized, 209),
            (chain.transfer(from: 1, nonce: 0, badSignature: true).bytes, 2),
            (chain.transfer(from: 1, nonce: 0, chainID: "other-chain").bytes, 1),
            (chain.transfer(from: 0, nonce: 0).bytes, 4),
            (chain.transfer(from: 0, nonce: 100).bytes, 5),
            (chain.transfer(from: 2, nonce: 0, amount: Amount(UInt128(1) << 100)).bytes, -101),
        ]
        for (bytes, code) in cases {
            let result = try #require(await sequencer.process([bytes]).first)
            if code < 0 {
                #expect(result.success?.confirmation.status == .failed(.insufficientFunds))
            } else {
                #expect(result.failure?.code == code, "\(String(describing: result.failure))")
                #expect((400..<500).contains(result.failure?.httpStatus ?? 0))
            }
        }
        // The mempool's per-sender cap: one waiting transaction for sender 3, the second is refused.
        let queued = await sequencer.mempoolSize.transactions
        let waiting = Task { await sequencer.process([chain.transfer(from: 3, nonce: 1).bytes]) }
        #expect(try await eventually { await sequencer.mempoolSize.transactions == queued + 1 })
        let second = await sequencer.process([chain.transfer(from: 3, nonce: 2).bytes])
        #expect(second.first?.failure?.code == 204)
        _ = await sequencer.process([chain.transfer(from: 3, nonce: 0).bytes])
        #expect(await waiting.value.first?.success != nil)
        // A key with no account may not wait for a nonce: it could not pay for the place.
        let stranger = AccountPrivateKey()
        let unfunded = Transaction(
            chainID: TestChain.chainID, sender: .key(stranger.publicKey), nonce: 1, fee: 0, kind: .transfer,
            payload: TransferPayload(recipient: chain.recipient, amount: 1).canonicalBytes)
        let refused = await sequencer.process([SignedTransaction(signing: unfunded, with: stranger).bytes])
        #expect(refused.first?.failure?.code == 6)
        #expect(await sequencer.mempoolSize.transactions == queued)
        #expect(await sequencer.haltReason == nil)
    }

    @Test("a waiting transaction whose gap never fills expires with a refusal")
    func expiry() async throws {
        let clock = ManualClock()
        let sequencer = try chain.sequencer(
            medium: MemoryLogMedium(), clock: clock,
            configuration: SequencerConfiguration(mempool: MempoolLimits(ttlMillis: 1_000)))
        let waiting = Task { await sequencer.process([chain.transfer(from: 0, nonce: 3).bytes]) }
        #expect(try await eventually { await sequencer.mempoolSize.transactions == 1 })
        clock.advance(1_001)
        await sequencer.tick()
        #expect(await waiting.value.first?.failure?.code == 206)
    }

    @Test("a restart from the synced log rebuilds the same blocks, the same open block and the same state root")
    func restartReplays() async throws {
        let medium = MemoryLogMedium()
        let clock = ManualClock()
        let configuration = SequencerConfiguration(maxBlockTransactions: 7)
        let first = try chain.sequencer(medium: medium, clock: clock, configuration: configuration)
        var confirmations: [SoftConfirmation] = []
        for round in 0..<3 {
            let batch = (0..<4).flatMap { sender in
                (0..<3).map { chain.transfer(from: sender, nonce: UInt64(round * 3 + $0)).bytes }
            }
            confirmations += await first.process(batch).compactMap(\.success).map(\.confirmation)
        }
        #expect(confirmations.count == 36)
        let tip = await first.tip
        let open = await first.openBlock
        // Crash: only what was synced survives, plus a torn half record.
        let crashed = MemoryLogMedium(bytes: medium.syncedBytes + [0, 0, 0, 40, 1])
        let second = try chain.sequencer(medium: crashed, clock: clock, configuration: configuration)
        #expect(second.recovery.bytesCut == 5)
        #expect(await second.tip == tip)
        #expect(await second.openBlock?.transactions == open?.transactions)
        for number in 1...tip.number {
            #expect(try second.blocks.header(number) == first.blocks.header(number))
        }
        try await first.sealNow()
        try await second.sealNow()
        #expect(await second.tip == first.tip)
        for confirmation in confirmations {
            let stored = try #require(try second.blocks.block(confirmation.blockNumber))
            #expect(stored.block.transactions[Int(confirmation.index)].hash == confirmation.transactionHash)
        }
        // The restarted sequencer goes on from there: the next nonces are accepted.
        let next = await second.process([chain.transfer(from: 0, nonce: 9).bytes])
        #expect(next.first?.success?.confirmation.blockNumber == tip.number + 2)
    }

    @Test("a restart under a genesis.json other than the chain's is refused, naming what differs; the same one opens")
    func restartUnderAnotherGenesis() async throws {
        let directory = TemporaryDirectory(prefix: "strata-genesis")
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        func open(_ genesis: RollupGenesis) throws(SequencerError) -> Sequencer {
            try Sequencer(storage: .directory(directory.url.path), genesis: genesis, key: chain.sequencerKey)
        }
        let first = try open(chain.genesis)
        #expect(await first.process([chain.transfer(from: 0, nonce: 0).bytes]).first?.success != nil)
        await first.shutdown()
        func refusal(_ genesis: RollupGenesis) -> String? {
            do {
                _ = try open(genesis)
                return nil
            } catch {
                guard case .genesis(let detail) = error else { return "\(error)" }
                return detail
            }
        }
        var pricier = chain.genesis
        pricier.minimumFee = 5
        #expect(refusal(pricier)?.contains("minimum_fee 0, fee_per_thousand_fuel 0, not genesis.json's") == true)
        var richer = chain.genesis
        richer.accounts[1].balance = 7
        #expect(refusal(richer)?.contains("genesis.json gives block 0") == true)
        var later = chain.genesis
        later.genesisTimeMillis += 1
        #expect(refusal(later)?.contains("genesis.json gives block 0") == true)
        let reopened = try open(chain.genesis)
        #expect(await reopened.tip.number == 1)
        #expect(reopened.genesisHash == first.genesisHash)
        #expect(reopened.genesisHash == (try reopened.blocks.header(0))?.hash)
        await reopened.shutdown()
    }

    @Test("signatures of index-named senders are checked before execution once their key is known")
    func indexSenders() async throws {
        let sequencer = try chain.sequencer(medium: MemoryLogMedium())
        _ = await sequencer.process([chain.transfer(from: 1, nonce: 0).bytes])
        #expect(sequencer.keys.key(of: AccountIndex(1)) == chain.keys[1].publicKey)
        let byIndex = Transaction(
            chainID: TestChain.chainID, sender: .index(AccountIndex(1)), nonce: 1, fee: 0, kind: .transfer,
            payload: TransferPayload(recipient: chain.recipient, amount: 5).canonicalBytes)
        let good = SignedTransaction(signing: byIndex, with: chain.keys[1])
        let bad = SignedTransaction(signing: byIndex, with: chain.keys[2])
        #expect(SignatureCheck.verdict(bad, keys: sequencer.keys) == .invalid)
        #expect(await sequencer.process([bad.bytes]).first?.failure?.code == 2)
        #expect(await sequencer.process([good.bytes]).first?.success?.confirmation.index == 1)
    }
}

@Suite("Sequencer replay: lost sealed records")
struct SequencerReplayTests {
    let chain = TestChain()

    /// The records of `medium`'s synced log without the sealed record of block `number` (of every block by
    /// default).
    private func loggedRecords(of medium: MemoryLogMedium, droppingSealed number: UInt64? = nil) -> [SequencerLogRecord]
    {
        SequencerLogFrame.scan(medium.syncedBytes).records.filter {
            guard case .blockSealed(let sealed, _) = $0 else { return true }
            return number.map { $0 != sealed } ?? false
        }
    }

    /// A sequencer that sealed blocks 1 and 2 (three transfers each) and holds block 3 open with one, on its log.
    private func twoBlocksAndOneOpen() async throws -> (MemoryLogMedium, Sequencer) {
        let medium = MemoryLogMedium()
        let sequencer = try chain.sequencer(
            medium: medium, configuration: SequencerConfiguration(maxBlockTransactions: 3))
        _ = await sequencer.process((0..<7).map { chain.transfer(from: 0, nonce: UInt64($0)).bytes })
        #expect(await sequencer.tip.number == 2)
        return (medium, sequencer)
    }

    @Test("a block whose sealed record was lost is sealed again when the next block opens in the log")
    func lostSealedRecord() async throws {
        let (medium, first) = try await twoBlocksAndOneOpen()
        // Drop block 1's sealed record: the log then reads open 1, txs, open 2, txs, sealed 2, open 3, tx.
        let records = loggedRecords(of: medium, droppingSealed: 1)
        let second = try chain.sequencer(medium: MemoryLogMedium(bytes: records.flatMap(SequencerLogFrame.encode)))
        #expect(await second.tip == first.tip)
        #expect(await second.openBlock?.transactions == 1)
    }

    @Test("a sealed record after the next block's opened record and transactions is checked when it comes")
    func sealedRecordAfterTheNextBlockOpened() async throws {
        let (medium, first) = try await twoBlocksAndOneOpen()
        // As the block writer may append it: block 1's sealed record after block 2's opened record and a tx.
        func moved(_ sealedOne: SequencerLogRecord) -> [UInt8] {
            var records = loggedRecords(of: medium, droppingSealed: 1)
            let opened = records.firstIndex {
                if case .blockOpened(2, _, _) = $0 { return true }
                return false
            }!
            records.insert(sealedOne, at: opened + 2)
            return records.flatMap(SequencerLogFrame.encode)
        }
        let one = try #require(try first.blocks.header(1))
        let second = try chain.sequencer(
            medium: MemoryLogMedium(bytes: moved(.blockSealed(number: 1, headerHash: one.hash))))
        #expect(await second.tip == first.tip)
        #expect(await second.openBlock?.transactions == 1)
        // Two blocks behind, as a writer with blocks queued may leave it: both sealed records at the end.
        let late = loggedRecords(of: medium)
        let two = try #require(try first.blocks.header(2))
        let third = try chain.sequencer(
            medium: MemoryLogMedium(
                bytes: (late + [
                    .blockSealed(number: 1, headerHash: one.hash), .blockSealed(number: 2, headerHash: two.hash),
                ]).flatMap(SequencerLogFrame.encode)))
        #expect(await third.tip == first.tip)
        #expect(await third.openBlock?.transactions == 1)
        #expect(throws: SequencerError.self, "a wrong hash in the late record is a divergence") {
            try chain.sequencer(
                medium: MemoryLogMedium(bytes: moved(.blockSealed(number: 1, headerHash: Hash.blake2b([1])))))
        }
    }

    @Test("a block closed at its cap whose sealed record was lost is sealed again at the end of the replay")
    func blockAtCapSealedAfterReplay() async throws {
        let medium = MemoryLogMedium()
        let first = try chain.sequencer(medium: medium, configuration: SequencerConfiguration(maxBlockTransactions: 3))
        _ = await first.process((0..<3).map { chain.transfer(from: 0, nonce: UInt64($0)).bytes })
        #expect(await first.tip.number == 1)
        let records = loggedRecords(of: medium)
        let second = try chain.sequencer(
            medium: MemoryLogMedium(bytes: records.flatMap(SequencerLogFrame.encode)),
            configuration: SequencerConfiguration(maxBlockTransactions: 3))
        #expect(await second.openBlock == nil, "not left open to take a fourth transaction")
        #expect(await second.tip == first.tip)
    }

    @Test("a log whose opened records name their parents (written before 2026-11-22) replays; a wrong parent stops it")
    func openedRecordsWithParents() async throws {
        let (medium, first) = try await twoBlocksAndOneOpen()
        func withParents(wrongAt wrong: UInt64? = nil) throws -> [UInt8] {
            try SequencerLogFrame.scan(medium.syncedBytes).records.map { record in
                guard case .blockOpened(let number, let time, nil) = record else { return record }
                let parent = try #require(try first.blocks.header(number - 1)).hash
                return .blockOpened(number: number, timestampMillis: time, parentHash: number == wrong ? .zero : parent)
            }.flatMap(SequencerLogFrame.encode)
        }
        let second = try chain.sequencer(medium: MemoryLogMedium(bytes: try withParents()))
        #expect(await second.tip == first.tip)
        #expect(await second.openBlock?.transactions == 1)
        #expect(throws: SequencerError.self) {
            try chain.sequencer(medium: MemoryLogMedium(bytes: try withParents(wrongAt: 2)))
        }
    }

    @Test("the sealed record is durable before the block's state is committed")
    func sealWaitsForTheLog() async throws {
        let medium = MemoryLogMedium()
        let sequencer = try chain.sequencer(medium: medium)
        _ = await sequencer.process([chain.transfer(from: 0, nonce: 0).bytes])
        try await sequencer.sealNow()
        let records = SequencerLogFrame.scan(medium.syncedBytes).records
        #expect(records.last == .blockSealed(number: 1, headerHash: await sequencer.tip.hash))
    }

    @Test(
        "the next blocks execute while up to three closed ones wait for the writer; each is stored once its log syncs",
        .timeLimit(.minutes(1)))
    func writerDepth() async throws {
        let medium = MemoryLogMedium()
        let clock = ManualClock()
        let sequencer = try chain.sequencer(
            medium: medium, clock: clock, configuration: SequencerConfiguration(blockIntervalMillis: 200))
        _ = await sequencer.process([chain.transfer(from: 0, nonce: 0).bytes])
        medium.holdSyncs()
        var pending: [Task<[Result<SignedSoftConfirmation, IngestError>], Never>] = []
        for number: UInt64 in 1...3 {
            // Closes block `number`; its write waits for the log, and the next block executes meanwhile, each
            // with another sender's transfer.
            clock.advance(200)
            await sequencer.tick()
            let transaction = chain.transfer(from: Int(number), nonce: 0)
            pending.append(Task { await sequencer.process([transaction.bytes]) })
            #expect(
                try await eventually {
                    await sequencer.openBlock.map { $0.number == number + 1 && $0.transactions == 1 } == true
                })
        }
        #expect(try sequencer.blocks.header(1) == nil, "no block is stored before its sealed record is durable")
        // Block 4 reads through three closed blocks none of which is committed: account 0 was written in block 1
        // only, account 1 in block 2 only.
        #expect(try await sequencer.account(at: chain.keys[0].publicKey.address)?.nonce == 1)
        #expect(try await sequencer.account(at: chain.keys[1].publicKey.address)?.nonce == 1)
        #expect(try await sequencer.account(at: chain.keys[3].publicKey.address)?.nonce == 1)
        medium.releaseSyncs()
        for (offset, task) in pending.enumerated() {
            let confirmation = try #require(await task.value.first?.success?.confirmation)
            #expect(confirmation.blockNumber == UInt64(offset) + 2 && confirmation.index == 0)
            #expect(confirmation.status == .success)
        }
        #expect(await sequencer.tip.number == 3)
        try await sequencer.sealNow()
        #expect(await sequencer.tip.number == 4)
        for key in chain.keys { #expect(try await sequencer.account(at: key.publicKey.address)?.nonce == 1) }
    }

    @Test("a block whose write fails stops the sequencer: later transactions are refused, the tip stays")
    func failedBlockWrite() async throws {
        let medium = MemoryLogMedium()
        let sequencer = try chain.sequencer(medium: medium)
        _ = await sequencer.process([chain.transfer(from: 0, nonce: 0).bytes])
        medium.failNextSync()
        await #expect(throws: SequencerError.self) { try await sequencer.sealNow() }
        #expect(await sequencer.haltReason != nil)
        let refused = await sequencer.process([chain.transfer(from: 0, nonce: 1).bytes])
        #expect(refused.first?.failure?.name == IngestError.unavailable("").name)
        #expect(await sequencer.tip.number == 0)
        #expect(try sequencer.blocks.header(1) == nil)
    }
}

@Suite("Sequencer: random bad input")
struct SequencerFuzzTests {
    let chain = TestChain()

    @Test("random bytes and single-byte mutations of valid transactions never stop the sequencer")
    func randomInput() async throws {
        let sequencer = try chain.sequencer(medium: MemoryLogMedium())
        var random = SplitMix64(seed: 20_261_121)
        var inputs: [[UInt8]] = []
        for _ in 0..<200 {
            let count = Int(random.next() % 300)
            inputs.append((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        let valid = chain.transfer(from: 0, nonce: 0).bytes
        for position in 0..<valid.count {
            var mutated = valid
            mutated[position] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            inputs.append(mutated)
        }
        let results = await sequencer.process(inputs)
        #expect(results.count == inputs.count)
        for result in results {
            if let error = result.failure { #expect((400..<500).contains(error.httpStatus), "\(error)") }
        }
        #expect(await sequencer.haltReason == nil)
        // The untouched transaction still goes through.
        #expect(await sequencer.process([valid]).first?.success != nil)
    }
}
