import Common
import Foundation
import L1App
import L1Consensus
import Testing

@testable import L1Node

/// The startup handshake between the application and the block store.
@Suite("Execution adapter handshake")
struct ExecutionAdapterHandshakeTests {
    typealias F = ChainFixture

    static func at(seconds: Int64) -> L1Consensus.Timestamp { F.genesisTime.adding(.seconds(seconds)) }

    /// The genesis app hash of the fixture's genesis.
    static func genesisAppHash() throws -> Hash { try F.application().info().lastBlockAppHash }

    static func executor(_ app: any Application, _ store: SQLiteBlockStore) -> ApplicationExecutor {
        ApplicationExecutor(
            application: app, mempool: Mempool(application: app), store: store,
            proposerKey: store.loadState().validators.proposer.publicKey)
    }

    /// Proposes, validates and executes the next block; returns it with its commit and the state after it, unsaved.
    static func executeNext(_ executor: ApplicationExecutor, now: L1Consensus.Timestamp) throws
        -> (Block, Commit, ChainState)
    {
        let state = executor.store.loadState()
        let block = state.makeBlock(
            transactions: executor.transactions(forHeight: state.nextHeight, maxBytes: 1 << 20, time: now),
            evidence: [], lastCommit: executor.store.commit(at: state.lastBlockHeight), now: now,
            proposer: state.validators.proposer.address)
        try state.validate(block) { _ in }
        let next = try state.applying(block, results: try executor.execute(block))
        return (block, F.commit(for: block, validators: state.validators), next)
    }

    @Test("an application without a genesis gets it from the handshake")
    func initializesChain() throws {
        let store = try SQLiteBlockStore.inMemory(genesis: try F.genesisState(appHash: try Self.genesisAppHash()))
        let app = try L1Application(tree: StateTree.inMemory())
        let report = try Self.executor(app, store).handshake(genesis: try F.initChainRequest())
        #expect(report.initializedChain)
        #expect(report.replayed.isEmpty)
        #expect(report.state == store.genesis)
        #expect(try app.info().lastBlockAppHash == store.genesis.appHash)
    }

    @Test("after a crash between the block save and the application commit, the handshake replays the block")
    func replaysAfterCrash() throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let appPath = directory.appendingPathComponent("app.sqlite").path
        let storePath = directory.appendingPathComponent("blocks.sqlite").path
        let transfer = F.send(F.alice, amount: 77, nonce: 0)
        do {
            let app = try F.application(path: appPath)
            let store = try SQLiteBlockStore(
                path: storePath, genesis: try F.genesisState(appHash: try app.info().lastBlockAppHash))
            let executor = Self.executor(app, store)
            let first = try Self.executeNext(executor, now: Self.at(seconds: 1))
            try executor.save(first.0, commit: first.1, state: first.2)

            try executor.mempool.add(transfer)
            let (block, commit, state) = try Self.executeNext(executor, now: Self.at(seconds: 2))
            // The block store has block 2; the process dies before the application commits it.
            try store.save(block, commit: commit, state: state, results: executor.finalized?.response)
            #expect(try app.info().lastBlockHeight == 1)
        }

        let app = try L1Application(path: appPath)
        let store = try SQLiteBlockStore(path: storePath, genesis: nil)
        #expect(try app.info().lastBlockHeight == 1)
        #expect(store.latestHeight == Height(2))
        let executor = Self.executor(app, store)
        let report = try executor.handshake(genesis: try F.initChainRequest())
        #expect(!report.initializedChain)
        #expect(report.applicationHeight == 1)
        #expect(report.replayed == [Height(2)])
        #expect(report.state == store.loadState())
        #expect(try app.info().lastBlockHeight == 2)
        #expect(try app.info().lastBlockAppHash == store.loadState().appHash)
        #expect(try app.nonce(of: F.alice) == 1)

        // The node carries on from there.
        let (block, commit, state) = try Self.executeNext(executor, now: Self.at(seconds: 3))
        try executor.save(block, commit: commit, state: state)
        #expect(try app.info().lastBlockHeight == 3)

        // A second start finds nothing to replay.
        #expect(try executor.handshake(genesis: try F.initChainRequest()).replayed.isEmpty)
    }

    @Test("an application ahead of the block store stops the node")
    func applicationAhead() throws {
        let app = try F.application()
        let store = try SQLiteBlockStore.inMemory(genesis: try F.genesisState(appHash: try app.info().lastBlockAppHash))
        try app.commitBlock([])
        #expect(throws: ApplicationHandshakeError.applicationAhead(applicationHeight: 1, storeHeight: 0)) {
            try Self.executor(app, store).handshake(genesis: try F.initChainRequest())
        }
    }

    @Test("an application from another genesis or chain is refused")
    func otherGenesis() throws {
        let store = try SQLiteBlockStore.inMemory(genesis: try F.genesisState(appHash: try Self.genesisAppHash()))
        let poorer = try L1Application(tree: StateTree.inMemory())
        _ = try poorer.initChain(try F.initChainRequest(balance: 5))
        let request = try F.initChainRequest()
        let executor = Self.executor(poorer, store)
        do {
            _ = try executor.handshake(genesis: request)
            Issue.record("an application with another genesis was accepted")
        } catch {
            guard case .appHashMismatch(let height, _, let expected) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(height == 0)
            #expect(expected == store.genesis.appHash)
        }

        let fresh = try L1Application(tree: StateTree.inMemory())
        #expect(throws: ApplicationHandshakeError.self) {
            try Self.executor(fresh, store).handshake(genesis: try F.initChainRequest(balance: 5))
        }
        var otherChain = try F.initChainRequest()
        otherChain.chainID = "another-chain"
        #expect(throws: ApplicationHandshakeError.self) {
            try Self.executor(fresh, store).handshake(genesis: otherChain)
        }
    }

    @Test("a stored block that replays to another app hash is refused")
    func replayDivergence() throws {
        let app = try F.application()
        let genesis = try F.genesisState(appHash: try app.info().lastBlockAppHash)
        let store = try SQLiteBlockStore.inMemory(genesis: genesis)
        // The stored chain claims a made-up app hash after block 1.
        var chain = ChainBuilder(genesis: genesis)
        let (block, commit, state) = try chain.next()
        try store.save(block, commit: commit, state: state)
        let request = try F.initChainRequest()
        let executor = Self.executor(app, store)
        do {
            _ = try executor.handshake(genesis: request)
            Issue.record("a diverging replay was accepted")
        } catch {
            guard case .appHashMismatch(let height, _, let stored) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(height == 1)
            #expect(stored == state.appHash)
        }
    }
}
