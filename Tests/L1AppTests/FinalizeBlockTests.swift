import Common
import Testing

@testable import L1App

@Suite("finalizeBlock and commit: transfers, fees, failures, evidence")
struct FinalizeBlockTests {
    @Test("a transfer moves funds, pays the fee to the fee collector and advances the nonce")
    func transfer() throws {
        let app = try Fixture.app()
        let response = try app.block([Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1_000, nonce: 0, fee: 300)])
        #expect(response.txResults.count == 1)
        let result = try #require(response.txResults.first)
        #expect(result.code == .ok, "\(result.log)")
        #expect(
            try app.account(Fixture.alice)
                == Account(balance: Fixture.startingBalance.subtracting(1_300) ?? 0, nonce: 1))
        #expect(try app.account(Fixture.bob) == Account(balance: Fixture.startingBalance.adding(1_000) ?? 0, nonce: 0))
        #expect(try app.account(Bank.feeCollector) == Account(balance: 300, nonce: 0))
        #expect(result.events.map(\.type) == ["tx", "transfer"])
        let transfer = result.events[1]
        #expect(transfer["sender"] == Fixture.alice.publicKey.address.description)
        #expect(transfer["recipient"] == Fixture.bob.publicKey.address.description)
        #expect(transfer["amount"] == "1000ustrata")
        #expect(result.events[0]["fee"] == "300ustrata")
        #expect(response.appHash == (try app.appHash))
        #expect(try app.info().lastBlockHeight == 1)
    }

    @Test("a transfer to a new address creates its account")
    func newAccount() throws {
        let app = try Fixture.app()
        try app.block([Fixture.send(Fixture.alice, to: Fixture.dave, amount: 42, nonce: 0)])
        #expect(try app.account(Fixture.dave) == Account(balance: 42, nonce: 0))
    }

    @Test("insufficient funds fail the transaction, which still pays its fee and uses its nonce")
    func insufficientFunds() throws {
        let app = try Fixture.app()
        let tooMuch = Fixture.startingBalance.adding(1) ?? 0
        let response = try app.block([Fixture.send(Fixture.alice, to: Fixture.bob, amount: tooMuch, nonce: 0)])
        let result = try #require(response.txResults.first)
        #expect(result.code == .insufficientFunds)
        #expect(result.log == "message 0 (send): insufficient funds: balance 999750ustrata, need 1000001ustrata")
        #expect(result.events.map(\.type) == ["tx"])
        #expect(try app.account(Fixture.alice) == Account(balance: 999_750, nonce: 1))
        #expect(try app.account(Fixture.bob) == Account(balance: Fixture.startingBalance, nonce: 0))
        #expect(try app.account(Bank.feeCollector).balance == Fixture.minFee)
    }

    @Test("when a later message fails, the earlier messages of the transaction are undone")
    func messagesRevertTogether() throws {
        let app = try Fixture.app()
        let tx = Fixture.tx(
            Fixture.alice, nonce: 0,
            messages: [
                .send(to: Fixture.bob.publicKey.address, amount: 500_000),
                .send(to: Fixture.carol.publicKey.address, amount: 600_000),
            ])
        let result = try #require(try app.block([tx]).txResults.first)
        #expect(result.code == .insufficientFunds)
        #expect(result.log.hasPrefix("message 1 (send): "))
        #expect(try app.account(Fixture.alice) == Account(balance: 999_750, nonce: 1))
        #expect(try app.account(Fixture.bob).balance == Fixture.startingBalance)
        #expect(try app.account(Fixture.carol).balance == Fixture.startingBalance)
    }

    @Test("messages of one transaction see each other's writes; sending to oneself changes nothing but the fee")
    func messagesChain() throws {
        let app = try Fixture.app()
        let bob = Fixture.bob.publicKey.address
        let tx = Fixture.tx(
            Fixture.alice, nonce: 0,
            messages: [
                .send(to: bob, amount: 999_000), .send(to: Fixture.alice.publicKey.address, amount: 700),
                .send(to: bob, amount: 50),
            ])
        let result = try #require(try app.block([tx]).txResults.first)
        #expect(result.code == .ok, "\(result.log)")
        #expect(try app.account(Fixture.alice) == Account(balance: 700, nonce: 1))
        #expect(try app.account(Fixture.bob).balance == 1_999_050)
    }

    @Test("a transaction failing admission in a decided block gets its code and changes nothing")
    func inadmissibleInBlock() throws {
        let app = try Fixture.app()
        let reference = try Fixture.app()
        try reference.block([])
        var badSignature = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 5, nonce: 0)
        badSignature[badSignature.count - 1] ^= 0x80
        let response = try app.block([
            badSignature, [0xFF], Fixture.send(Fixture.alice, to: Fixture.bob, amount: 5, nonce: 3),
        ])
        #expect(response.txResults.map(\.code) == [.badSignature, .badEncoding, .badNonce])
        #expect(response.txResults.allSatisfy { $0.events.isEmpty })
        #expect(response.appHash == (try reference.appHash))
    }

    @Test("a sender's transactions in one block run in nonce order")
    func severalFromOneSender() throws {
        let app = try Fixture.app()
        let txs = (UInt64(0)..<5).map { Fixture.send(Fixture.alice, to: Fixture.bob, amount: 10, nonce: $0) }
        let response = try app.block(txs)
        #expect(response.txResults.allSatisfy { $0.isOK })
        #expect(
            try app.account(Fixture.alice)
                == Account(balance: Fixture.startingBalance.subtracting(1_300) ?? 0, nonce: 5))
    }

    @Test("misbehavior is recorded in the state with a block event, once")
    func misbehavior() throws {
        let app = try Fixture.app()
        let evidence = Misbehavior(
            kind: .duplicateVote, validator: Fixture.validator, power: 10, height: 1,
            time: Timestamp(nanosecondsSinceEpoch: 5), totalVotingPower: 40)
        try app.block([])
        let before = try app.appHash
        let response = try app.block([], misbehavior: [evidence])
        #expect(response.events.map(\.type) == ["misbehavior"])
        #expect(response.events.first?["kind"] == "duplicate_vote")
        #expect(response.events.first?["validator"] == Fixture.validator.description)
        #expect(response.appHash != before)
        let key = MisbehaviorRecord.stateKey(validator: Fixture.validator, height: 1, kind: .duplicateVote)
        let stored = try #require(try app.tree.value(key))
        #expect(
            try MisbehaviorRecord(canonicalBytes: stored) == MisbehaviorRecord(misbehavior: evidence, recordedAt: 2))

        let again = try app.block([], misbehavior: [evidence])
        #expect(again.events.isEmpty)
        #expect(again.appHash == response.appHash)
    }

    @Test("finalizeBlock keeps the new state in memory until commit")
    func nothingDurableBeforeCommit() throws {
        let app = try Fixture.app()
        let genesisHash = try app.appHash
        let response = try app.finalizeBlock(
            FinalizeBlockRequest(
                height: 1, time: Fixture.genesisTime,
                txs: [Fixture.send(Fixture.alice, to: Fixture.bob, amount: 7, nonce: 0)], proposer: Fixture.validator))
        #expect(try app.info().lastBlockHeight == 0)
        #expect(try app.appHash == genesisHash)
        #expect(try app.account(Fixture.bob).balance == Fixture.startingBalance)
        #expect(try app.commit() == CommitResponse(retainHeight: 0))
        #expect(try app.info() == InfoResponse(lastBlockHeight: 1, lastBlockAppHash: response.appHash, appVersion: 1))
    }

    @Test("blocks out of order, a second finalize and a commit without a block are misuses")
    func misuse() throws {
        let app = try Fixture.app()
        let proposer = Fixture.validator
        #expect(throws: ApplicationError.unexpectedHeight(expected: 1, got: 2)) {
            try app.finalizeBlock(FinalizeBlockRequest(height: 2, time: .epoch, txs: [], proposer: proposer))
        }
        #expect(throws: ApplicationError.nothingToCommit) { try app.commit() }
        _ = try app.finalizeBlock(FinalizeBlockRequest(height: 1, time: .epoch, txs: [], proposer: proposer))
        #expect(throws: ApplicationError.blockNotCommitted(height: 1)) {
            try app.finalizeBlock(FinalizeBlockRequest(height: 1, time: .epoch, txs: [], proposer: proposer))
        }
        _ = try app.commit()
        #expect(throws: ApplicationError.unexpectedHeight(expected: 2, got: 1)) {
            try app.finalizeBlock(FinalizeBlockRequest(height: 1, time: .epoch, txs: [], proposer: proposer))
        }
        let fresh = try L1Application(tree: StateTree.inMemory())
        #expect(throws: ApplicationError.notInitialized) {
            try fresh.finalizeBlock(FinalizeBlockRequest(height: 1, time: .epoch, txs: [], proposer: proposer))
        }
    }
}
