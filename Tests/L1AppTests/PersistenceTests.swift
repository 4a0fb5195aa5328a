import Common
import Foundation
import L1App
import Testing

@Suite("Persistence: the application resumes from its SQLite file")
struct PersistenceTests {
    @Test("after reopening, info, balances, nonces and the chain id are as committed, and blocks continue")
    func reopen() throws {
        let (directory, path) = try Fixture.temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try Fixture.app()
        let blocks: [[[UInt8]]] = [
            [Fixture.send(Fixture.alice, to: Fixture.bob, amount: 100, nonce: 0)],
            [Fixture.send(Fixture.bob, to: Fixture.carol, amount: 7, nonce: 0)],
            [Fixture.send(Fixture.alice, to: Fixture.dave, amount: 9, nonce: 1)],
        ]
        let info: InfoResponse
        do {
            let app = try L1Application(path: path)
            #expect(try app.info() == InfoResponse(lastBlockHeight: 0, lastBlockAppHash: .zero, appVersion: 1))
            _ = try app.initChain(Fixture.initChainRequest())
            _ = try reference.initChain(Fixture.initChainRequest())
            for txs in blocks.prefix(2) {
                try app.block(txs)
                try reference.block(txs)
            }
            info = try app.info()
            #expect(info.lastBlockHeight == 2)
        }
        let app = try L1Application(path: path)
        #expect(try app.info() == info)
        #expect(try app.account(Fixture.alice) == Account(balance: 999_650, nonce: 1))
        #expect(try app.account(Fixture.bob) == Account(balance: 999_843, nonce: 1))
        // The chain id came back from the state: a transaction for this chain with the next nonce is accepted.
        #expect(try app.checkTx(blocks[2][0], kind: .new).isOK)
        let next = try app.block(blocks[2])
        let expected = try reference.block(blocks[2])
        #expect(next == expected)
    }

    @Test("a block finalized but not committed is not on disk; replaying it gives the same app hash")
    func crashBeforeCommit() throws {
        let (directory, path) = try Fixture.temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tx = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 100, nonce: 0)
        let request = FinalizeBlockRequest(height: 1, time: Fixture.genesisTime, txs: [tx], proposer: Fixture.validator)
        let finalized: FinalizeBlockResponse
        let genesisHash: Hash
        do {
            let app = try L1Application(path: path)
            genesisHash = try app.initChain(Fixture.initChainRequest()).appHash
            finalized = try app.finalizeBlock(request)
        }
        let app = try L1Application(path: path)
        #expect(try app.info() == InfoResponse(lastBlockHeight: 0, lastBlockAppHash: genesisHash, appVersion: 1))
        #expect(try app.finalizeBlock(request) == finalized)
        _ = try app.commit()
        #expect(try app.info().lastBlockAppHash == finalized.appHash)
    }

    @Test("initChain again before the first block accepts the same genesis only; after a block, none")
    func initChainAgain() throws {
        let (directory, path) = try Fixture.temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first: InitChainResponse
        do {
            first = try L1Application(path: path).initChain(Fixture.initChainRequest())
        }
        let app = try L1Application(path: path)
        #expect(try app.initChain(Fixture.initChainRequest()) == first)
        var other = Fixture.genesis
        other.bank.params.minFee = 1
        #expect(throws: ApplicationError.alreadyInitialized(lastBlockHeight: 0)) {
            try app.initChain(Fixture.initChainRequest(other))
        }
        try app.block([])
        #expect(throws: ApplicationError.alreadyInitialized(lastBlockHeight: 1)) {
            try app.initChain(Fixture.initChainRequest())
        }
    }
}
