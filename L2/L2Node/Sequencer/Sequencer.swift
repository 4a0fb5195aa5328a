import Common
import Foundation
import L2Runtime
import Logging
import Metrics

/// The L2 sequencer: it orders transactions into blocks as they arrive, executes each at once in the open
/// block, makes it durable in its log with group commit, and answers each submitter with a soft confirmation
/// signed by the sequencer key once (and only once) the transaction is on disk. The confirmations of one
/// ``process(_:)`` call are signed at once (``SoftConfirmationSet``), each with its proof in the set.
///
/// ```swift
/// let sequencer = try Sequencer(storage: .directory(dataDir), genesis: genesis, key: key)
/// let results = await sequencer.process([txBytes])   // [Result<SignedSoftConfirmation, IngestError>]
/// try await sequencer.run()                          // seals blocks on time until cancelled
/// ```
public actor Sequencer {
    /// Where the sequencer keeps its log, state and blocks.
    public enum Storage {
        /// `sequencer.log`, `state.sqlite` and `blocks.sqlite` in a directory.
        case directory(String)
        /// A log medium given by the caller and in-memory databases (tests). The state is rebuilt from the log
        /// on every open.
        case memory(any SequencerLogMedium)
    }

    /// The rollup's runtime parameters (chain id and fees).
    public nonisolated let runtimeConfig: RuntimeConfig
    /// The rollup's chain id.
    public nonisolated var chainID: String { runtimeConfig.chainID }
    /// Block 0's hash: it commits to the genesis state, parameters included, so two nodes of one rollup agree
    /// on it (`GET /v1/status` serves it).
    public nonisolated let genesisHash: Hash
    /// The sequencer's public key (what confirmations are signed with).
    public nonisolated let sequencerKey: AccountPublicKey
    /// The sealed blocks (readable from any task).
    public nonisolated let blocks: BlockStore
    /// Sender keys by index, for parallel signature checks.
    public nonisolated let keys: SenderKeyCache
    /// The fingerprints of the signatures checked at ingest, by block, until batched (the batcher's check).
    public nonisolated let verifiedSignatures: VerifiedSignatures
    /// The log (its durable position, for tests and status).
    public nonisolated let log: GroupCommitLog
    /// The metrics `/metrics` serves.
    public nonisolated let metrics: SequencerMetrics
    /// What opening found in the log.
    public nonisolated let recovery: GroupCommitLog.Recovery
    /// The configuration.
    public nonisolated let configuration: SequencerConfiguration
    /// The events of each sealed block, for subscribers (`GET /v1/events`, engines).
    public nonisolated let events: SequencerEventFeed
    /// Writes sealed blocks (the core's); knows the last block whose state is committed.
    nonisolated let writer: SealedBlockWriter
    /// The state tree (the core's), for queries of committed versions, which need not hold the sequencer.
    nonisolated let state: StateTree
    nonisolated let signingKey: AccountPrivateKey
    nonisolated let clock: @Sendable () -> UInt64
    nonisolated let logger: Logger
    private var core: SequencerCore
    private var halted: SequencerError?

    /// Opens the sequencer: the log (cutting a torn tail), the state and block stores (writing the genesis the
    /// first time), and replays the log past the stored tip.
    ///
    /// - Parameter clock: milliseconds since the Unix epoch (tests pass their own).
    public init(
        storage: Storage, genesis: RollupGenesis, key: AccountPrivateKey,
        configuration: SequencerConfiguration = SequencerConfiguration(),
        clock: @escaping @Sendable () -> UInt64 = Sequencer.wallClockMillis,
        metrics: SequencerMetrics = SequencerMetrics(), logger: Logger = Logger(label: "strata.l2.sequencer")
    ) throws(SequencerError) {
        let medium: any SequencerLogMedium
        let tree: StateTree
        let blocks: BlockStore
        do {
            switch storage {
            case .directory(let path):
                medium = try FileLogMedium(path: path + "/sequencer.log")
                // The log rebuilds the state after any crash, so the tree need not fsync each commit.
                tree = try StateTree(path: path + "/state.sqlite", options: StateTree.Options(durable: false))
                blocks = try BlockStore(path: path + "/blocks.sqlite")
            case .memory(let given):
                medium = given
                tree = try StateTree.inMemory()
                blocks = try BlockStore(path: nil)
            }
        } catch let error as SequencerLogError {
            throw .log(error)
        } catch let error as StateError {
            throw .state(error)
        } catch {
            throw .blockStore("\(error)")
        }
        let opened: (GroupCommitLog, GroupCommitLog.Recovery)
        do throws(SequencerLogError) {
            opened = try GroupCommitLog.open(medium: medium) { report in
                metrics.logSync.recordSeconds(report.seconds)
                metrics.logSyncRecords.record(Int64(report.records))
            }
        } catch {
            throw .log(error)
        }
        let keys = SenderKeyCache()
        let verifiedSignatures = VerifiedSignatures(capacity: configuration.verifiedSignatureCapacity)
        var core = try SequencerCore(
            runtime: Runtime(config: genesis.runtimeConfig), configuration: configuration, genesis: genesis,
            tree: tree, blocks: blocks, log: opened.0, keys: keys, verifiedSignatures: verifiedSignatures)
        core.onSeal = Self.sealReporter(metrics: metrics, logger: logger)
        let events = SequencerEventFeed()
        core.onSealedBlock = { block in
            // Engines and controllers are read from the state the block just committed, only when someone listens.
            guard events.subscriberCount > 0 else { return }
            var reader = StateReader(StateOverlay(tree: tree))
            events.publish(FeedEvent.events(of: block, reading: &reader))
        }
        if let damage = opened.1.damage {
            logger.warning(
                "sequencer log tail cut",
                metadata: ["bytes": "\(opened.1.bytesCut)", "reason": "\(damage)"])
        }
        let replayed = try core.replay(opened.1.records)
        logger.info(
            "sequencer opened",
            metadata: [
                "block": "\(core.writer.committed.number)", "state_root": "\(core.writer.committed.stateRoot)",
                "log_records": "\(opened.1.records.count)", "replayed_txs": "\(replayed)",
                "open_block_txs": "\(core.openBlock?.transactions ?? 0)",
            ])
        self.runtimeConfig = genesis.runtimeConfig
        self.genesisHash = core.genesisHeader.hash
        self.sequencerKey = key.publicKey
        self.signingKey = key
        self.blocks = blocks
        self.keys = keys
        self.verifiedSignatures = verifiedSignatures
        self.log = opened.0
        self.metrics = metrics
        self.recovery = opened.1
        self.configuration = configuration
        self.events = events
        self.clock = clock
        self.logger = logger
        self.writer = core.writer
        self.state = tree
        self.core = core
        metrics.blockNumber.record(Int64(clamping: core.writer.committed.number))
    }

    /// Milliseconds since the Unix epoch.
    public static let wallClockMillis: @Sendable () -> UInt64 = {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    private static func sealReporter(
        metrics: SequencerMetrics, logger: Logger
    ) -> @Sendable (SequencerCore.SealReport) -> Void {
        { report in
            metrics.blockNumber.record(Int64(clamping: report.header.number))
            metrics.blockSeal.recordSeconds(report.sealSeconds + report.storeSeconds + report.commitSeconds)
            metrics.blockCommit.recordSeconds(report.commitSeconds)
            logger.info(
                "sealed block",
                metadata: [
                    "block": "\(report.header.number)", "txs": "\(report.transactions)",
                    "hash": "\(report.header.hash)", "state_root": "\(report.header.stateRoot)",
                    "wait_ms": "\(Int(report.waitSeconds * 1000))", "seal_ms": "\(Int(report.sealSeconds * 1000))",
                    "store_ms": "\(Int(report.storeSeconds * 1000))",
                    "commit_ms": "\(Int(report.commitSeconds * 1000))",
                ])
        }
    }

    // MARK: Ingest

    /// Takes transactions as bytes, in order: decodes them, checks their signatures on every core, orders them,
    /// and returns for each its signed confirmation (once durable) or why it was refused.
    public nonisolated func process(_ items: [[UInt8]]) async -> [Result<SignedSoftConfirmation, IngestError>] {
        let started = ContinuousClock.now
        var results = [Result<SignedSoftConfirmation, IngestError>?](repeating: nil, count: items.count)
        var decoded: [(position: Int, transaction: SignedTransaction, bytes: Int)] = []
        decoded.reserveCapacity(items.count)
        for (position, bytes) in items.enumerated() {
            guard bytes.count <= TransactionLimits.maxBytes else {
                results[position] = .failure(.transactionTooLarge(bytes: bytes.count))
                continue
            }
            do {
                let transaction = try SignedTransaction(bytes: bytes)
                if transaction.transaction.chainID != chainID {
                    results[position] = .failure(
                        .rejected(.wrongChain, detail: "this sequencer serves \"\(chainID)\""))
                } else {
                    decoded.append((position, transaction, bytes.count))
                }
            } catch {
                results[position] = .failure(.malformedTransaction("\(error)"))
            }
        }
        let verdicts = await SignatureCheck.verdicts(decoded.map(\.transaction), keys: keys)
        var submissions: [(position: Int, transaction: SignedTransaction, bytes: Int, verified: Hash?)] = []
        for (item, verdict) in zip(decoded, verdicts) {
            switch verdict {
            case .invalid: results[item.position] = .failure(.rejected(.badSignature))
            case .valid(let fingerprint): submissions.append((item.position, item.transaction, item.bytes, fingerprint))
            case .unresolved: submissions.append((item.position, item.transaction, item.bytes, nil))
            }
        }
        // Large batches go to the actor in slices, so one batch does not hold it for long.
        var outcomes: [PendingOutcome] = []
        outcomes.reserveCapacity(submissions.count)
        for start in stride(from: 0, to: submissions.count, by: Self.submitSlice) {
            let slice = submissions[start..<min(start + Self.submitSlice, submissions.count)]
            outcomes += await submit(slice.map { ($0.transaction, $0.bytes, $0.verified) })
        }
        var confirmed: [(position: Int, confirmation: SoftConfirmation)] = []
        confirmed.reserveCapacity(outcomes.count)
        for (submission, outcome) in zip(submissions, outcomes) {
            switch await durable(outcome) {
            case .success(let confirmation): confirmed.append((submission.position, confirmation))
            case .failure(let error): results[submission.position] = .failure(error)
            }
        }
        // One signature for the request's confirmations, each with its proof in the signed set.
        let signed = SoftConfirmationSet.sign(confirmed.map(\.confirmation), chainID: chainID, key: signingKey)
        for (item, confirmation) in zip(confirmed, signed) { results[item.position] = .success(confirmation) }
        let final = results.map { $0 ?? .failure(.unavailable("no result")) }
        var refusedCount = 0
        for result in final {
            switch result {
            case .success: metrics.confirmation.recordSeconds((ContinuousClock.now - started).inSeconds)
            case .failure: refusedCount += 1
            }
        }
        if refusedCount > 0 { metrics.refused.increment(by: refusedCount) }
        return final
    }

    /// The most transactions one actor call orders.
    static let submitSlice = 256

    /// Orders transactions, each with its byte count and the fingerprint of its signature if checked: one
    /// pending outcome each, in order.
    func submit(_ transactions: [(SignedTransaction, Int, Hash?)]) -> [PendingOutcome] {
        let now = clock()
        var outcomes: [PendingOutcome] = []
        outcomes.reserveCapacity(transactions.count)
        for (transaction, bytes, verified) in transactions {
            let outcome = PendingOutcome()
            outcomes.append(outcome)
            if let halted {
                outcome.fulfill(.refused(.unavailable(halted.description)))
                continue
            }
            do throws(SequencerError) {
                try core.submit(
                    .init(transaction: transaction, byteCount: bytes, verified: verified, outcome: outcome),
                    now: now)
            } catch {
                halt(error)
                outcome.fulfill(.refused(.unavailable(error.description)))
            }
        }
        metrics.mempoolSize.record(core.mempool.count)
        return outcomes
    }

    /// Waits for `outcome`, then for its log record to be durable: the confirmation to sign, or why not.
    nonisolated func durable(_ outcome: PendingOutcome) async -> Result<SoftConfirmation, IngestError> {
        switch await outcome.value() {
        case .refused(let error):
            return .failure(error)
        case .accepted(let confirmation, let position):
            do {
                try await log.waitUntilDurable(position)
            } catch {
                return .failure(.unavailable("\(error)"))
            }
            metrics.accepted.increment()
            return .success(confirmation)
        }
    }

    private func halt(_ error: SequencerError) {
        guard halted == nil else { return }
        halted = error
        logger.critical("sequencer stopped", metadata: ["error": "\(error)"])
    }

    // MARK: Blocks

    /// Seals the open block if it is due and expires waiting transactions; stops the sequencer if the last
    /// block's write failed.
    public func tick() {
        guard halted == nil else { return }
        do throws(SequencerError) {
            try core.writer.check()
            try core.tick(now: clock())
        } catch {
            halt(error)
        }
        metrics.mempoolSize.record(core.mempool.count)
    }

    /// Seals the open block now, if it holds transactions, and waits for its write (tests, shutdown).
    public func sealNow() throws(SequencerError) {
        if let halted { throw halted }
        do throws(SequencerError) {
            try core.seal(logging: true)
            try core.writer.wait()
        } catch {
            halt(error)
            throw error
        }
    }

    /// Waits for the block being written, if any; stops the sequencer if its write failed.
    private func settle() {
        do throws(SequencerError) { try core.writer.wait() } catch { halt(error) }
    }

    /// Ticks every `interval` until the task is cancelled, then seals the open block and closes the log.
    public nonisolated func run(tickEvery interval: Duration = .milliseconds(10)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await tick()
        }
        await shutdown()
    }

    /// Seals the open block, closes the log (everything appended is synced first) and ends the event feed.
    public func shutdown() {
        if halted == nil { try? core.seal(logging: true) }
        settle()
        log.close()
        events.finish()
    }

    // MARK: Queries

    /// The header of the last sealed block whose state is committed, after waiting for a block being written
    /// (so that after ``sealNow()`` or a ``tick()`` that sealed, it is that block).
    public var tip: BlockHeader {
        settle()
        return core.writer.committed
    }

    /// The header of the last block whose state is committed, without waiting for one being written (what
    /// queries and status read: they need not hold the sequencer).
    public nonisolated var committedTip: BlockHeader { writer.committed }

    /// The open block's number and transaction count, if one is open.
    public var openBlock: (number: UInt64, transactions: Int)? { core.openBlock }

    /// The number of transactions waiting for a nonce gap, and their bytes.
    public var mempoolSize: (transactions: Int, bytes: Int) { (core.mempool.count, core.mempool.byteCount) }

    /// Why the sequencer stopped, if it did.
    public var haltReason: String? { halted?.description }

    /// The account at `address` as of the open block.
    public func account(at address: Address) throws(SequencerError) -> Account? {
        try core.account(at: address)
    }

    /// The address of the account with `index`, if any.
    public func address(of index: AccountIndex) throws(SequencerError) -> Address? {
        try core.address(of: index)
    }
}

extension Metrics.Timer {
    fileprivate func recordSeconds(_ seconds: Double) {
        recordNanoseconds(Int64(max(0, seconds * 1e9)))
    }
}
