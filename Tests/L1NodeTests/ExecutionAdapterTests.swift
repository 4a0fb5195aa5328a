import Common
import L1App
import L1Consensus
import Testing

@testable import L1Node

/// The execution adapter between consensus and the L1 application, with the mempool and the block store.
@Suite("Execution adapter")
struct ExecutionAdapterTests {
    typealias F = ChainFixture

    /// An application, a mempool, a block store and the executor over them, at genesis.
    struct Node {
        let app: L1Application
        let mempool: Mempool
        let store: SQLiteBlockStore
        let executor: ApplicationExecutor

        init(validators: Int = 4) throws {
            app = try F.application(validators: validators)
            let genesis = try F.genesisState(appHash: try app.info().lastBlockAppHash, validators: validators)
            store = try SQLiteBlockStore.inMemory(genesis: genesis)
            mempool = Mempool(application: app)
            executor = ApplicationExecutor(
                application: app, mempool: mempool, store: store, proposerKey: genesis.validators.proposer.publicKey)
        }

        /// Builds the next block from the mempool as the proposer of its height would.
        func propose(now: L1Consensus.Timestamp, maxBytes: Int = 1 << 20, evidence: [DuplicateVoteEvidence] = [])
            -> Block
        {
            let state = store.loadState()
            let transactions = executor.transactions(forHeight: state.nextHeight, maxBytes: maxBytes, time: now)
            return state.makeBlock(
                transactions: transactions, evidence: evidence, lastCommit: store.commit(at: state.lastBlockHeight),
                now: now, proposer: state.validators.proposer.address)
        }

        /// Validates, executes and saves `block` as the driver does; returns the state after it.
        @discardableResult
        func decide(_ block: Block) throws -> ChainState {
            let state = store.loadState()
            let pool = EvidencePool()
            let store = self.store
            try state.validate(block) { item throws(EvidenceError) in
                try pool.check(
                    item, state: state, validators: { store.validators(at: $0) }, blockTime: { store.blockTime(at: $0) }
                )
            }
            #expect(executor.accepts(block))
            let results = try executor.execute(block)
            let next = try state.applying(block, results: results)
            try executor.save(block, commit: F.commit(for: block, validators: state.validators), state: next)
            return next
        }
    }

    static func at(seconds: Int64) -> L1Consensus.Timestamp { F.genesisTime.adding(.seconds(seconds)) }

    @Test("the adapter's proposal is a valid block; executing and saving it commits the app and clears the mempool")
    func proposeExecuteSave() throws {
        let node = try Node()
        let transfers = [F.send(F.alice, nonce: 0, fee: 400), F.send(F.alice, nonce: 1), F.send(F.bob, nonce: 0)]
        for tx in transfers { try node.mempool.add(tx) }

        let expected = node.mempool.reap(maxBytes: .max)
        #expect(expected.first == transfers[0], "the highest fee goes first")
        let block = node.propose(now: Self.at(seconds: 1))
        #expect(block.transactions == expected)
        let state = try node.decide(block)

        #expect(try node.app.info().lastBlockHeight == 1)
        #expect(try node.app.info().lastBlockAppHash == state.appHash)
        #expect(node.store.latestHeight == Height(1))
        #expect(node.store.loadState() == state)
        #expect(node.mempool.count == 0)
        #expect(node.mempool.lastHeight == 1)
        let results = try #require(try node.store.results(at: Height(1)))
        #expect(results.txResults.allSatisfy { $0.isOK })
        #expect(state.lastResultsHash == ApplicationExecutor.resultsHash(results.txResults))
        let found = try #require(try node.store.transaction(byHash: Hash.blake2b(transfers[1])))
        #expect(block.transactions[found.index] == transfers[1])
        #expect(found.result?.isOK == true)
        #expect(try node.app.nonce(of: F.alice) == 2)

        // The next block carries the commit of the first and the results of its execution.
        try node.mempool.add(F.send(F.carol, nonce: 0))
        let second = node.propose(now: Self.at(seconds: 2))
        #expect(second.lastCommit == node.store.commit(at: Height(1)))
        #expect(second.header.appHash == state.appHash)
        try node.decide(second)
        #expect(try node.app.info().lastBlockHeight == 2)
        #expect(node.executor.lastError == nil)
    }

    @Test("a block with a transaction that could never be included is rejected by processProposal")
    func rejectsInvalidTransactions() throws {
        let node = try Node()
        let state = node.store.loadState()
        let unsigned = F.send(F.alice, nonce: 0, fee: 1)
        let block = state.makeBlock(
            transactions: [unsigned], evidence: [], lastCommit: nil, now: Self.at(seconds: 1),
            proposer: state.validators.proposer.address)
        try state.validate(block) { _ in }
        #expect(!node.executor.accepts(block))
        #expect(node.executor.lastError == nil, "a rejection is a verdict, not an error")
    }

    @Test("a proposer from outside the validator set is refused")
    func unknownProposer() throws {
        let node = try Node()
        let state = node.store.loadState()
        let stranger = Validator.address(of: try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 32)).publicKey)
        let block = state.makeBlock(
            transactions: [], evidence: [], lastCommit: nil, now: Self.at(seconds: 1), proposer: stranger)
        #expect(!node.executor.accepts(block))
        #expect(node.executor.lastError == .unknownProposer(address: stranger.hex, height: Height(1)))
        #expect(throws: ApplicationExecutorError.self) { try node.executor.execute(block) }
    }

    @Test("committed evidence reaches the application as misbehavior of the validator's consensus key")
    func evidenceBecomesMisbehavior() throws {
        let node = try Node()
        try node.decide(node.propose(now: Self.at(seconds: 1)))
        let genesis = node.store.genesis
        let evidence = try F.equivocation(
            by: 2, height: Height(1), validators: genesis.validators, time: genesis.genesisTime)
        let block = node.propose(now: Self.at(seconds: 2), evidence: [evidence])
        try node.decide(block)
        let results = try #require(try node.store.results(at: Height(2)))
        let event = try #require(results.events.first)
        #expect(event.type == "misbehavior")
        #expect(event["validator"] == genesis.validators.validators[2].publicKey.description)
        #expect(event["height"] == "1")
        #expect(event["power"] == "10")
    }

    @Test("the proposal's transactions fit the byte budget with their length prefixes")
    func proposalFitsBudget() throws {
        let node = try Node()
        let transfers = [F.send(F.alice, nonce: 0), F.send(F.bob, nonce: 0)]
        for tx in transfers { try node.mempool.add(tx) }
        let budget = transfers[0].count + transfers[1].count + 1
        let chosen = node.executor.transactions(forHeight: Height(1), maxBytes: budget, time: Self.at(seconds: 1))
        #expect(chosen.count == 1, "both fit by raw size, not with a 2-byte length prefix each")
        var writer = ByteWriter()
        for tx in chosen { writer.writeBytes(tx) }
        #expect(writer.bytes.count <= budget)
    }

    @Test("a block saved without being executed here, or a second execution before saving, is refused")
    func enforcesExecuteThenSave() throws {
        let node = try Node()
        let block = node.propose(now: Self.at(seconds: 1))
        let state = node.store.loadState()
        let next = try state.applying(
            block, results: BlockResults(appHash: .zero, resultsHash: .zero, validatorUpdates: []))
        #expect(throws: ApplicationExecutorError.saveWithoutExecution(Height(1))) {
            try node.executor.save(block, commit: F.commit(for: block, validators: state.validators), state: next)
        }
        _ = try node.executor.execute(block)
        #expect(throws: ApplicationExecutorError.previousBlockNotSaved(Height(1))) {
            try node.executor.execute(block)
        }
    }

    @Test("the results hash commits to each result's code, not to its log or events")
    func resultsHashCoversCodes() {
        let ok = TxResult(code: .ok, log: "", events: [])
        let failed = TxResult(code: .insufficientFunds, log: "balance 1ustrata", events: [])
        let reworded = TxResult(code: .insufficientFunds, log: "not enough", events: [Event(type: "x", attributes: [])])
        #expect(ApplicationExecutor.resultsHash([ok, failed]) == ApplicationExecutor.resultsHash([ok, reworded]))
        #expect(ApplicationExecutor.resultsHash([ok, failed]) != ApplicationExecutor.resultsHash([failed, ok]))
        #expect(ApplicationExecutor.resultsHash([]) == MerkleList.root([]))
        #expect(ApplicationExecutor.resultsHash([ok]) == MerkleList.root([[0]]))
    }

    @Test("a consensus driver decides heights through the adapter, the application and the block store")
    func driverIntegration() throws {
        let node = try Node(validators: 1)
        let key = F.validatorKeys[0]
        let driver = ConsensusDriver<Int>(
            state: node.store.loadState(), timeouts: TimeoutConfig(), signer: TestSigner(key: key),
            journal: MemoryJournal(), executor: node.executor, store: node.executor)
        try node.mempool.add(F.send(F.alice, nonce: 0))
        var effects = driver.start(now: Self.at(seconds: 1))
        for height in 1...3 {
            #expect(!effects.contains { if case .problem = $0 { true } else { false } }, "\(effects)")
            #expect(node.store.latestHeight == Height(UInt64(height)))
            try node.mempool.add(F.send(F.bob, nonce: UInt64(height - 1)))
            effects = driver.timerFired(.commit(Height(UInt64(height))), now: Self.at(seconds: Int64(height) + 1))
        }
        #expect(node.store.latestHeight >= Height(3))
        #expect(try node.app.info().lastBlockHeight == node.store.latestHeight.rawValue)
        #expect(try node.app.nonce(of: F.alice) == 1)
        #expect(try node.app.nonce(of: F.bob) >= 2)
        for height in 1...3 {
            let block = try #require(node.store.block(at: Height(UInt64(height))))
            let next = try #require(try node.store.state(at: block.height))
            #expect(next.appHash == (try node.store.results(at: block.height))?.appHash)
        }
    }
}

/// Signs whatever it is asked to (the tests do not exercise double-sign protection).
final class TestSigner: ConsensusSigner {
    let key: Ed25519PrivateKey
    init(key: Ed25519PrivateKey) { self.key = key }
    var publicKey: Ed25519PublicKey { key.publicKey }
    func sign(_ vote: Vote, chainID: String) throws -> Ed25519Signature {
        key.sign(message: vote.signBytes(chainID: chainID))
    }
    func sign(_ proposal: Proposal, chainID: String) throws -> Ed25519Signature {
        key.sign(message: proposal.signBytes(chainID: chainID))
    }
}

/// A journal that keeps inputs in memory and replays nothing.
final class MemoryJournal: ConsensusJournal {
    private(set) var records: [ConsensusInput] = []
    func record(_ input: ConsensusInput) throws { records.append(input) }
    func sync() throws {}
    func endHeight(_ height: Height) throws {}
    func ensureEndHeight(_ height: Height) throws {}
    func inputs(forHeight height: Height) throws -> [ConsensusInput] { [] }
}
