import Common
import Foundation
import L1App
import L1Consensus
import Testing

@testable import L1Node

/// The SQLite block store: round trips, reopening, the transaction index, fuller commits and crash atomicity.
@Suite("SQLite block store")
struct BlockStoreTests {
    typealias F = ChainFixture

    static func genesis() throws -> ChainState {
        try F.genesisState(appHash: Hash.blake2b(Array("genesis".utf8)))
    }

    /// Results for the transactions of `block`: the first fails, the others succeed.
    static func results(for block: Block, appHash: Hash) -> FinalizeBlockResponse {
        let txResults = block.transactions.indices.map { index in
            index == 0
                ? TxResult(
                    code: .insufficientFunds, log: "message 0 (send): balance 1ustrata, need 5ustrata", events: [])
                : TxResult(
                    code: .ok, log: "",
                    events: [
                        Event(type: "transfer", attributes: [EventAttribute(key: "amount", value: "\(index)ustrata")])
                    ])
        }
        return FinalizeBlockResponse(
            txResults: txResults, events: [Event(type: "block", attributes: [])], validatorUpdates: [],
            appHash: appHash)
    }

    @Test("a saved block reads back with its commit, state, validators, time and results")
    func roundTrip() throws {
        let genesis = try Self.genesis()
        let store = try SQLiteBlockStore.inMemory(genesis: genesis)
        #expect(store.latestHeight == Height(0))
        #expect(store.loadState() == genesis)
        #expect(store.blockTime(at: Height(0)) == F.genesisTime)
        #expect(store.validators(at: Height(1)) == genesis.validators)

        var chain = ChainBuilder(genesis: genesis)
        var saved: [(Block, Commit, ChainState)] = []
        for height in 1...3 {
            let (block, commit, state) = try chain.next([[UInt8(height), 1], [UInt8(height), 2]])
            try store.save(
                block, commit: commit, state: state, results: Self.results(for: block, appHash: state.appHash))
            saved.append((block, commit, state))
        }
        #expect(store.latestHeight == Height(3))
        #expect(store.loadState() == chain.state)
        for (block, commit, state) in saved {
            #expect(store.block(at: block.height) == block)
            #expect(try store.block(byHash: block.id) == block)
            #expect(store.commit(at: block.height) == commit)
            #expect(try store.state(at: block.height) == state)
            #expect(store.blockTime(at: block.height) == block.header.time)
            #expect(store.validators(at: block.height.next) == state.validators)
            let results = try #require(try store.results(at: block.height))
            #expect(results == Self.results(for: block, appHash: state.appHash))
        }
        #expect(store.block(at: Height(4)) == nil)
        #expect(try store.block(byHash: BlockID(.zero)) == nil)
        #expect(store.lastReadError == nil)
    }

    @Test("transactions are found by hash with their height, position, bytes and result")
    func transactionIndex() throws {
        let genesis = try Self.genesis()
        let store = try SQLiteBlockStore.inMemory(genesis: genesis)
        var chain = ChainBuilder(genesis: genesis)
        let first = try chain.next([[1], [2], [3]])
        try store.save(
            first.block, commit: first.commit, state: first.state,
            results: Self.results(for: first.block, appHash: first.state.appHash))
        // Saved without results: the index still knows where the transaction is.
        let second = try chain.next([[4]])
        try store.save(second.block, commit: second.commit, state: second.state)

        let found = try #require(try store.transaction(byHash: Hash.blake2b([3])))
        #expect(found.height == Height(1))
        #expect(found.index == 2)
        #expect(found.transaction == [3])
        #expect(found.result?.code == .ok)
        #expect(found.result?.events.first?["amount"] == "2ustrata")
        #expect(try store.transaction(byHash: Hash.blake2b([1]))?.result?.code == .insufficientFunds)

        let unresolved = try #require(try store.transaction(byHash: Hash.blake2b([4])))
        #expect(unresolved.height == Height(2))
        #expect(unresolved.result == nil)
        #expect(try store.transaction(byHash: Hash.blake2b([9])) == nil)
    }

    @Test("a fuller commit replaces the stored one; a thinner one or one for another block does not")
    func fullerCommit() throws {
        let genesis = try Self.genesis()
        let store = try SQLiteBlockStore.inMemory(genesis: genesis)
        var chain = ChainBuilder(genesis: genesis)
        let (block, commit, state) = try chain.next(signers: 3)
        try store.save(block, commit: commit, state: state)

        let thinner = F.commit(for: block, validators: genesis.validators, signers: 2)
        #expect(try store.replaceCommit(thinner) == false)
        #expect(store.commit(at: block.height) == commit)

        let fuller = F.commit(for: block, validators: genesis.validators, signers: 4)
        try store.updateCommit(fuller)
        #expect(store.commit(at: block.height) == fuller)

        let other = Commit(height: block.height, round: .zero, blockID: BlockID(.zero), signatures: fuller.signatures)
        #expect(throws: BlockStoreError.self) { try store.replaceCommit(other) }
        let unknown = Commit(height: Height(7), round: .zero, blockID: block.id, signatures: fuller.signatures)
        #expect(throws: BlockStoreError.unknownCommit(height: Height(7))) { try store.replaceCommit(unknown) }
        #expect(store.commit(at: block.height) == fuller)
    }

    @Test("blocks are saved in order, each with its own commit and state")
    func refusesInconsistentSaves() throws {
        let genesis = try Self.genesis()
        let store = try SQLiteBlockStore.inMemory(genesis: genesis)
        var chain = ChainBuilder(genesis: genesis)
        let first = try chain.next()
        let second = try chain.next()
        #expect(throws: BlockStoreError.notNextHeight(expected: Height(1), got: Height(2))) {
            try store.save(second.block, commit: second.commit, state: second.state)
        }
        #expect(throws: BlockStoreError.self) { try store.save(first.block, commit: second.commit, state: first.state) }
        #expect(throws: BlockStoreError.self) { try store.save(first.block, commit: first.commit, state: second.state) }
        #expect(store.latestHeight == Height(0))
    }

    @Test("pending evidence is replaced and read back")
    func pendingEvidence() throws {
        let genesis = try Self.genesis()
        let store = try SQLiteBlockStore.inMemory(genesis: genesis)
        #expect(store.pendingEvidence().isEmpty)
        let evidence = try F.equivocation(
            by: 1, height: Height(1), validators: genesis.validators, time: genesis.genesisTime)
        try store.savePendingEvidence([evidence])
        #expect(store.pendingEvidence() == [evidence])
        try store.savePendingEvidence([])
        #expect(store.pendingEvidence().isEmpty)
    }

    @Test("a reopened store resumes at its last block, and refuses another genesis")
    func reopen() throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("blocks.sqlite").path
        let genesis = try Self.genesis()
        var chain = ChainBuilder(genesis: genesis)
        var blocks: [Block] = []
        do {
            let store = try SQLiteBlockStore(path: path, genesis: genesis)
            for _ in 0..<3 {
                let (block, commit, state) = try chain.next([[7]])
                try store.save(block, commit: commit, state: state)
                blocks.append(block)
            }
            try store.savePendingEvidence([
                try F.equivocation(
                    by: 0, height: Height(2), validators: genesis.validators, time: blocks[0].header.time)
            ])
        }
        let reopened = try SQLiteBlockStore(path: path, genesis: nil)
        #expect(reopened.genesis == genesis)
        #expect(reopened.latestHeight == Height(3))
        #expect(reopened.loadState() == chain.state)
        #expect(reopened.block(at: Height(2)) == blocks[1])
        #expect(reopened.pendingEvidence().count == 1)
        #expect(try reopened.transaction(byHash: Hash.blake2b([7]))?.height == Height(1))

        let other = try F.genesisState(appHash: .zero)
        #expect(throws: BlockStoreError.self) { try SQLiteBlockStore(path: path, genesis: other) }
        let fresh = directory.appendingPathComponent("fresh.sqlite").path
        #expect(throws: BlockStoreError.missingGenesis) { try SQLiteBlockStore(path: fresh, genesis: nil) }
    }

    @Test("a crash in the middle of saving a block leaves the previous block intact and nothing of the new one")
    func crashMidTransaction() throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("blocks.sqlite").path
        let genesis = try Self.genesis()
        var chain = ChainBuilder(genesis: genesis)
        let first = try chain.next([[1]])
        let second = try chain.next([[2]])
        struct PowerCut: Error {}
        do {
            let store = try SQLiteBlockStore(path: path, genesis: genesis)
            try store.save(first.block, commit: first.commit, state: first.state)
            // Every row of block 2 is written, then the process dies before COMMIT.
            store.beforeCommitForTesting = { throw PowerCut() }
            #expect(throws: BlockStoreError.self) {
                try store.save(
                    second.block, commit: second.commit, state: second.state,
                    results: Self.results(for: second.block, appHash: second.state.appHash))
            }
            #expect(store.latestHeight == Height(1))
        }
        let reopened = try SQLiteBlockStore(path: path, genesis: genesis)
        #expect(reopened.latestHeight == Height(1))
        #expect(reopened.loadState() == first.state)
        #expect(reopened.block(at: Height(1)) == first.block)
        #expect(reopened.block(at: Height(2)) == nil)
        #expect(reopened.commit(at: Height(2)) == nil)
        #expect(try reopened.transaction(byHash: Hash.blake2b([2])) == nil)
        #expect(try reopened.results(at: Height(2)) == nil)
        // The block can be saved again.
        try reopened.save(second.block, commit: second.commit, state: second.state)
        #expect(reopened.latestHeight == Height(2))
    }
}
