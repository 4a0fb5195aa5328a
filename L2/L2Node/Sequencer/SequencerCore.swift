import Common
import L2Runtime

/// The sequencer's single-threaded heart: it executes each transaction into the open block as it orders it,
/// appends it to the log, parks transactions that are ahead of their sender's nonce, seals blocks, and
/// rebuilds all of this from the log after a restart. It does not wait for the disk: durability is the log
/// writer's job, and the ``Sequencer`` actor around it answers submitters once their record is on disk. A
/// block is closed here (its transactions and state final, ``BlockBuilder/close()``) and the next one opens
/// on its state at once; the ``SealedBlockWriter`` computes the closed block's roots (its parent's hash is
/// known there), logs its sealed record, stores it and commits its state while the next blocks execute.
/// Closing a block waits only when the writer is ``SealedBlockWriter/depth`` blocks behind.
struct SequencerCore {
    /// One transaction to execute, with who is waiting for it.
    struct Submission {
        var transaction: SignedTransaction
        var byteCount: Int
        /// The fingerprint of the signature checked at ingest, or `nil`: the runtime checks it.
        var verified: Hash?
        var outcome: PendingOutcome
    }

    /// What the mempool keeps with a waiting transaction.
    struct Waiting {
        var verified: Hash?
        var outcome: PendingOutcome
    }

    /// The block being filled.
    struct OpenBlock {
        var builder: BlockBuilder<StateOverlay>
        /// Whether its `blockOpened` record is in the log (it is written with its first transaction).
        var announced: Bool
        var byteCount: Int
        /// The local time it was opened, in milliseconds (when it is due for sealing is counted from here).
        var openedAtMillis: UInt64

        /// Whether it has reached a cap of `configuration`, and so seals at once.
        func isFull(_ configuration: SequencerConfiguration) -> Bool {
            builder.count >= configuration.maxBlockTransactions || byteCount >= configuration.maxBlockBytes
        }
    }

    /// What sealing one block took, for logs and metrics.
    struct SealReport: Sendable {
        var header: BlockHeader
        var transactions: Int
        /// From the block's close to the start of its write (the writer busy with the blocks before it), in
        /// seconds.
        var waitSeconds: Double
        /// On the writer's thread: the roots (seal), the log sync and block store write (store), the state
        /// commit, in seconds.
        var sealSeconds: Double
        var storeSeconds: Double
        var commitSeconds: Double
    }

    let runtime: Runtime
    let configuration: SequencerConfiguration
    let tree: StateTree
    let blocks: BlockStore
    let log: GroupCommitLog
    let keys: SenderKeyCache
    /// The fingerprints of the signatures checked at ingest, by block, for the batcher.
    let verifiedSignatures: VerifiedSignatures
    /// Writes sealed blocks; knows the last block whose state is committed.
    let writer: SealedBlockWriter
    /// The last closed block's number and time (its roots may not be computed yet).
    private(set) var lastClosed: (number: UInt64, timestampMillis: UInt64)
    /// The state after the last closed block, which the next block executes on (``StateOverlay/init(stackedOn:)``).
    private var next: StateOverlay
    private var open: OpenBlock?
    private(set) var mempool: Mempool<Waiting>
    private var knownSenders = Set<Address>()
    /// Called after each block's write, on the writer's thread.
    var onSeal: @Sendable (SealReport) -> Void = { _ in }
    /// Called after each block's write, once its state is committed, with what the block did (the event feed);
    /// on the writer's thread.
    var onSealedBlock: @Sendable (SealedBlock) -> Void = { _ in }
    /// Block 0's header, which commits to the genesis state and so to the rollup's parameters.
    let genesisHeader: BlockHeader

    /// Opens the chain: writes the genesis into an empty store, or checks that `genesis` is the one the stored
    /// chain started from; then takes the tip from the stores.
    init(
        runtime: Runtime, configuration: SequencerConfiguration, genesis: RollupGenesis, tree: StateTree,
        blocks: BlockStore, log: GroupCommitLog, keys: SenderKeyCache, verifiedSignatures: VerifiedSignatures
    ) throws(SequencerError) {
        self.runtime = runtime
        self.configuration = configuration
        self.tree = tree
        self.blocks = blocks
        self.log = log
        self.keys = keys
        self.verifiedSignatures = verifiedSignatures
        self.mempool = Mempool(limits: configuration.mempool)
        if tree.latestVersion == nil {
            var overlay = StateOverlay(tree: tree)
            do { try genesis.apply(to: &overlay) } catch { throw .genesis("\(error)") }
            let root: Hash
            do throws(StateError) { root = try overlay.commit(version: 0) } catch { throw .state(error) }
            let header = genesis.genesisHeader(stateRoot: root)
            do throws(BlockStore.Failure) {
                try blocks.save(Block(header: header, transactions: []), receipts: [], events: [])
            } catch {
                throw .blockStore(error.description)
            }
            genesisHeader = header
        } else {
            genesisHeader = try Self.check(genesis, against: tree, blocks: blocks)
        }
        guard let version = tree.latestVersion else { throw .state(.storage("the state tree has no version")) }
        let stored: BlockHeader?
        do throws(BlockStore.Failure) { stored = try blocks.header(version) } catch {
            throw .blockStore(error.description)
        }
        guard let header = stored else {
            throw .blockStore("the state is at block \(version) but the block store does not hold it")
        }
        let root: Hash
        do throws(StateError) { root = try tree.rootHash(at: version) } catch { throw .state(error) }
        guard root == header.stateRoot else {
            throw .corruptLog("block \(version)'s state root \(header.stateRoot) is not the stored state's \(root)")
        }
        lastClosed = (header.number, header.timestampMillis)
        next = StateOverlay(tree: tree)
        writer = SealedBlockWriter(committed: header)
    }

    /// Refuses to continue a stored chain under a genesis it did not start from: the parameters the state
    /// commits to (``L2Runtime/RuntimeConfig/committed(in:)``) must be `genesis`'s, and `genesis` must give
    /// block 0's header. Otherwise an edited `genesis.json` would change fees or balances on this node alone,
    /// and its state roots would part from every verifier's.
    private static func check(
        _ genesis: RollupGenesis, against tree: StateTree, blocks: BlockStore
    ) throws(SequencerError) -> BlockHeader {
        var current = StateOverlay(tree: tree)
        let committed: RuntimeConfig?
        do throws(StateError) { committed = try RuntimeConfig.committed(in: &current) } catch { throw .state(error) }
        guard committed == genesis.runtimeConfig else {
            throw .genesis(
                "the chain in this directory was created with \(committed.map { "\($0)" } ?? "no runtime parameters"), "
                    + "not genesis.json's \(genesis.runtimeConfig)")
        }
        let stored: BlockHeader?
        do throws(BlockStore.Failure) { stored = try blocks.header(0) } catch { throw .blockStore(error.description) }
        guard let stored else { throw .blockStore("the block store does not hold block 0") }
        let expected: BlockHeader
        do {
            var scratch = StateOverlay(tree: try StateTree.inMemory())
            expected = genesis.genesisHeader(stateRoot: try genesis.apply(to: &scratch))
        } catch {
            throw .genesis("\(error)")
        }
        guard expected == stored else {
            throw .genesis(
                "genesis.json gives block 0 \(expected.hash) (state root \(expected.stateRoot)), but the chain in "
                    + "this directory starts from \(stored.hash) (state root \(stored.stateRoot))")
        }
        return stored
    }

    // MARK: Ingest

    /// The open block's number and transaction count, if one is open.
    var openBlock: (number: UInt64, transactions: Int)? {
        open.map { ($0.builder.context.number, $0.builder.count) }
    }

    /// Executes `first` (and then each waiting transaction its success unblocks).
    mutating func submit(_ first: Submission, now: UInt64) throws(SequencerError) {
        var next: Submission? = first
        while let submission = next {
            next = nil
            guard let (sender, nonce) = try executeOne(submission, now: now) else { continue }
            if let entry = mempool.take(sender: sender, nonce: nonce + 1) {
                next = Submission(
                    transaction: entry.transaction, byteCount: entry.byteCount,
                    verified: entry.ticket.verified, outcome: entry.ticket.outcome)
            }
        }
    }

    /// Executes one transaction: accepted (logged, confirmed once durable), parked in the mempool, or
    /// refused. Returns the sender and nonce when accepted.
    private mutating func executeOne(_ submission: Submission, now: UInt64) throws(SequencerError) -> (
        Address, UInt64
    )? {
        let transaction = submission.transaction
        if open == nil { openNewBlock(now: now) }
        let receipt: Receipt
        do throws(StateError) {
            receipt = try open!.builder.addUnlessRejected(
                transaction, signatureChecked: submission.verified != nil)
        } catch {
            throw .state(error)
        }
        switch receipt.status {
        case .rejected(.nonceTooHigh):
            guard let sender = try senderAddress(transaction) else {
                submission.outcome.fulfill(.refused(.rejected(.unknownSender)))
                return nil
            }
            guard let funds = try account(at: sender) else {
                // Whatever its fee, a key with no account has nothing to pay for its place with.
                submission.outcome.fulfill(
                    .refused(.rejected(.cannotPayFee, detail: "a key with no account cannot wait for a nonce")))
                return nil
            }
            do throws(Mempool<Waiting>.Refusal) {
                try mempool.insert(
                    transaction, byteCount: submission.byteCount, sender: sender, nextNonce: funds.nonce,
                    balance: funds.balance, now: now,
                    ticket: Waiting(verified: submission.verified, outcome: submission.outcome))
            } catch {
                submission.outcome.fulfill(.refused(Self.ingestError(error)))
            }
            return nil
        case .rejected(let reason):
            submission.outcome.fulfill(.refused(.rejected(reason)))
            return nil
        case .success, .failed:
            var records: [SequencerLogRecord] = []
            let context = open!.builder.context
            if !open!.announced {
                records.append(
                    .blockOpened(number: context.number, timestampMillis: context.timestampMillis, parentHash: nil))
                open!.announced = true
            }
            records.append(.transaction(transaction.bytes))
            if let verified = submission.verified { verifiedSignatures.record(verified, block: context.number) }
            let position: UInt64
            do throws(SequencerLogError) { position = try log.append(records) } catch { throw .log(error) }
            let status: SoftConfirmation.Status
            switch receipt.status {
            case .failed(let reason): status = .failed(reason)
            default: status = .success
            }
            let confirmation = SoftConfirmation(
                transactionHash: receipt.transactionHash, blockNumber: context.number,
                index: UInt32(open!.builder.count - 1), status: status)
            submission.outcome.fulfill(.accepted(confirmation, position: position))
            open!.byteCount += submission.byteCount
            let sender = try learnSender(of: transaction)
            if open!.isFull(configuration) { try seal(logging: true) }
            return sender.map { ($0, transaction.transaction.nonce) }
        }
    }

    private mutating func openNewBlock(now: UInt64) {
        // The parent's hash is not known yet (the block writer may be computing its roots) and execution never
        // reads it: the writer gives it to the header when it seals the block (`ClosedBlock.seal(parentHash:)`).
        let context = BlockContext(
            number: lastClosed.number + 1, parentHash: .zero, timestampMillis: max(now, lastClosed.timestampMillis))
        open = OpenBlock(
            builder: BlockBuilder(runtime: runtime, context: context, state: next), announced: false, byteCount: 0,
            openedAtMillis: now)
    }

    static func ingestError(_ refusal: Mempool<Waiting>.Refusal) -> IngestError {
        switch refusal {
        case .senderFull(let limit): .mempoolFull("the sender already has \(limit) transactions waiting for a nonce")
        case .full(let limit): .mempoolFull("the mempool holds its \(limit) transactions")
        case .bytesFull(let limit): .mempoolFull("the mempool holds its \(limit) bytes")
        case .gapTooLarge(let next, let nonce, let limit):
            .rejected(.nonceTooHigh, detail: "nonce \(nonce) is more than \(limit) ahead of the next nonce \(next)")
        case .duplicateNonce(let nonce): .duplicate(nonce: nonce)
        case .unfunded(let balance, let fees):
            .rejected(
                .cannotPayFee,
                detail: "a transaction waits for its nonce only if the sender's balance (\(balance)) covers its fee "
                    + "and those of the sender's waiting transactions (\(fees.map { "\($0)" } ?? "over 2^128 - 1"))")
        }
    }

    // MARK: Blocks

    /// Seals the open block if it is due (its interval has passed), drops an empty one, and expires waiting
    /// transactions; returns the refused tickets' count.
    mutating func tick(now: UInt64) throws(SequencerError) {
        if let block = open, now >= block.openedAtMillis + configuration.blockIntervalMillis {
            if block.builder.count > 0 {
                try seal(logging: true)
            } else {
                open = nil
            }
        }
        for entry in mempool.expire(now: now) {
            entry.ticket.outcome.fulfill(.refused(.expired(afterMillis: configuration.mempool.ttlMillis)))
        }
    }

    /// Seals the open block (if it holds transactions): closes it, opens the state for the next block on top
    /// of it, and hands it to the block writer (waiting if that is ``SealedBlockWriter/depth`` blocks behind),
    /// which, after the blocks before it, computes its roots, appends its sealed record to the log (with
    /// `logging`), stores it and commits its state. With `expecting` (a replay that knows the logged hash), a
    /// block sealed as anything else is neither stored nor committed: the writer fails with `replayDiverged`.
    mutating func seal(logging: Bool, expecting expected: Hash? = nil) throws(SequencerError) {
        guard let block = open.take(), block.builder.count > 0 else { return }
        let closed: ClosedBlock<StateOverlay>
        do throws(StateError) { closed = try block.builder.close() } catch { throw .state(error) }
        let clock = ContinuousClock()
        let started = clock.now
        let (log, blocks, onSeal, onSealedBlock) = (log, blocks, onSeal, onSealedBlock)
        // The writer runs after the blocks before this one are committed: its roots go on top of their state.
        try writer.start { (parent) throws(SequencerError) -> BlockHeader in
            let begun = clock.now
            guard parent.number + 1 == closed.context.number else {
                throw .state(
                    .storage("block \(closed.context.number) was written after block \(parent.number), not its parent"))
            }
            let sealed: (execution: BlockExecution, state: StateOverlay)
            do throws(StateError) { sealed = try closed.seal(parentHash: parent.hash) } catch { throw .state(error) }
            let (execution, state) = sealed
            let header = execution.header
            if let expected, header.hash != expected {
                throw .replayDiverged("block \(header.number) re-sealed as \(header.hash), the log says \(expected)")
            }
            let rooted = clock.now
            if logging {
                // The state may only run ahead of the durable log by nothing: a commit of block N is made only
                // once every record of block N (its sealed record last) is on disk, so the log alone always
                // rebuilds at least the committed state.
                do throws(SequencerLogError) {
                    try log.syncThrough(try log.append(.blockSealed(number: header.number, headerHash: header.hash)))
                } catch {
                    throw .log(error)
                }
            }
            do throws(BlockStore.Failure) {
                try blocks.save(
                    Block(header: header, transactions: closed.transactions), receipts: execution.receipts,
                    events: execution.events)
            } catch { throw .blockStore(error.description) }
            let stored = clock.now
            var committing = state
            let root: Hash
            do throws(StateError) { root = try committing.commit(version: header.number) } catch {
                throw .state(error)
            }
            guard root == header.stateRoot else {
                throw .replayDiverged(
                    "block \(header.number): committed root \(root) is not the sealed \(header.stateRoot)")
            }
            let committed = clock.now
            onSealedBlock(
                SealedBlock(
                    header: header, transactionHashes: execution.receipts.map(\.transactionHash),
                    events: execution.events))
            onSeal(
                SealReport(
                    header: header, transactions: closed.transactions.count, waitSeconds: (begun - started).inSeconds,
                    sealSeconds: (rooted - begun).inSeconds, storeSeconds: (stored - rooted).inSeconds,
                    commitSeconds: (committed - stored).inSeconds))
            return header
        }
        lastClosed = (closed.context.number, closed.context.timestampMillis)
        // The next block reads this one's writes (and those of the blocks still being written) over the
        // committed state.
        next = StateOverlay(stackedOn: closed.state)
    }

    // MARK: Replay

    /// Re-executes the log's records past the stored tip: the same transactions in the same blocks, checked
    /// against the logged header hashes. A block open at the crash stays open. Returns the number of
    /// transactions re-executed.
    ///
    /// A block's sealed record may come after later blocks' opened records (the block writer appends it once
    /// the roots are computed, while the next blocks execute), so a block is sealed again at whichever comes
    /// first, its sealed record or the next block's opened record, and checked against its logged hash (read
    /// ahead) before it is stored or committed.
    mutating func replay(_ records: [SequencerLogRecord]) throws(SequencerError) -> Int {
        // The logged hash of each block, so that a block sealed again is checked before it is stored.
        var logged: [UInt64: Hash] = [:]
        for record in records {
            if case .blockSealed(let number, let headerHash) = record { logged[number] = headerHash }
        }
        let storedTip = lastClosed.number
        var skipping = false
        var replayed = 0
        for record in records {
            switch record {
            case .blockOpened(let number, let timestampMillis, let parentHash):
                if number <= lastClosed.number {
                    skipping = true
                    continue
                }
                skipping = false
                if let current = open?.builder.context.number, open?.builder.count ?? 0 > 0 {
                    // A block opens only after its parent closed: seal the parent, whose sealed record comes later
                    // or was lost (sealing is deterministic).
                    guard number == current + 1 else {
                        throw .corruptLog("block \(number) opens while block \(current) is open")
                    }
                    try seal(logging: false, expecting: logged[current])
                }
                guard number == lastClosed.number + 1 else {
                    throw .corruptLog("block \(number) does not follow block \(lastClosed.number)")
                }
                if let parentHash {
                    // A log written before parents were left out of the opened record: check it.
                    let parent = try writer.wait()
                    guard parent.number == lastClosed.number, parent.hash == parentHash else {
                        throw .corruptLog("block \(number) names parent \(parentHash), not block \(parent.number)'s")
                    }
                }
                let context = BlockContext(number: number, parentHash: .zero, timestampMillis: timestampMillis)
                open = OpenBlock(
                    builder: BlockBuilder(runtime: runtime, context: context, state: next), announced: true,
                    byteCount: 0, openedAtMillis: timestampMillis)
            case .transaction(let bytes):
                if skipping { continue }
                guard open != nil else { throw .corruptLog("a transaction outside any block") }
                let transaction: SignedTransaction
                do { transaction = try SignedTransaction(bytes: bytes) } catch {
                    throw .corruptLog("a logged transaction does not decode: \(error)")
                }
                let receipt: Receipt
                do throws(StateError) { receipt = try open!.builder.addUnlessRejected(transaction) } catch {
                    throw .state(error)
                }
                if case .rejected(let reason) = receipt.status {
                    throw .replayDiverged("transaction \(receipt.transactionHash) is now rejected: \(reason)")
                }
                open!.byteCount += bytes.count
                _ = try learnSender(of: transaction)
                replayed += 1
            case .blockSealed(let number, let headerHash):
                // A block at or below `lastClosed` and above the stored tip was sealed again at a later block's
                // opened record, against this hash (read ahead): nothing is left to do for it here.
                if number > lastClosed.number {
                    guard let current = open?.builder.context.number, current == number else {
                        throw .corruptLog("block \(number) sealed but it is not the open block")
                    }
                    try seal(logging: false, expecting: headerHash)
                } else if number <= storedTip {
                    // Stored before the crash: the stored block must be the logged one.
                    let stored: BlockHeader?
                    do throws(BlockStore.Failure) { stored = try blocks.header(number) } catch {
                        throw .blockStore(error.description)
                    }
                    guard let stored else {
                        throw .blockStore("block \(number) is below the stored tip \(storedTip) but not stored")
                    }
                    guard stored.hash == headerHash else {
                        throw .replayDiverged("stored block \(number) is \(stored.hash), the log says \(headerHash)")
                    }
                }
            }
        }
        // A block the log left open that had reached a cap was closed at the cap before the crash, its sealed
        // record lost: close it again rather than let it take more.
        if open?.isFull(configuration) == true { try seal(logging: true) }
        try writer.wait()
        return replayed
    }

    // MARK: State reads

    /// The account at `address`, as of the open block (or the tip).
    mutating func account(at address: Address) throws(SequencerError) -> Account? {
        guard let bytes = try read(StateKeys.account(address)) else { return nil }
        do { return try Account(canonicalBytes: bytes) } catch {
            throw .state(.corruptStore("account \(address) does not decode: \(error)"))
        }
    }

    /// The address `transaction`'s sender names, if it exists.
    mutating func senderAddress(_ transaction: SignedTransaction) throws(SequencerError) -> Address? {
        switch transaction.transaction.sender {
        case .key(let key): return key.address
        case .index(let index): return try address(of: index)
        }
    }

    /// The address of the account with `index`, if any.
    mutating func address(of index: AccountIndex) throws(SequencerError) -> Address? {
        guard let bytes = try read(StateKeys.accountIndex(index)) else { return nil }
        // As the runtime's own lookup does: a record that is not an address is a corrupt store, not an unknown
        // account.
        guard let address = try? Address(bytes: bytes) else {
            throw .state(.corruptStore("account index \(index) holds \(bytes.count) bytes, not an address"))
        }
        return address
    }

    private mutating func read(_ key: StateKey) throws(SequencerError) -> [UInt8]? {
        do throws(StateError) {
            if open != nil { return try open!.builder.get(key) }
            return try next.get(key)
        } catch {
            throw .state(error)
        }
    }

    /// Teaches the key cache the sender's index and key (once per sender); returns the sender's address.
    private mutating func learnSender(of transaction: SignedTransaction) throws(SequencerError) -> Address? {
        guard let address = try senderAddress(transaction) else { return nil }
        guard !knownSenders.contains(address) else { return address }
        if let account = try account(at: address), let key = account.publicKey {
            keys.learn(key, index: account.index)
            knownSenders.insert(address)
        }
        return address
    }
}
