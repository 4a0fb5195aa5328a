import Common
import L1App
import Testing

@Suite("prepareProposal and processProposal: only admissible transactions, within the byte cap")
struct ProposalTests {
    static func prepare(_ app: L1Application, _ txs: [[UInt8]], maxTxBytes: Int = 1 << 20) throws -> [[UInt8]] {
        try app.prepareProposal(
            PrepareProposalRequest(
                txs: txs, maxTxBytes: maxTxBytes, height: app.nextHeight, time: Fixture.genesisTime,
                proposer: Fixture.validator))
    }

    static func process(_ app: L1Application, _ txs: [[UInt8]]) throws -> ProcessProposalResponse {
        try app.processProposal(
            ProcessProposalRequest(
                txs: txs, height: app.nextHeight, time: Fixture.genesisTime, proposer: Fixture.validator))
    }

    @Test("invalid transactions are dropped; valid ones keep their order")
    func dropsInvalid() throws {
        let app = try Fixture.app()
        var badSignature = Fixture.send(Fixture.bob, to: Fixture.alice, amount: 1, nonce: 0)
        badSignature[badSignature.count - 2] ^= 0x04
        let valid = [
            Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0),
            Fixture.send(Fixture.alice, to: Fixture.bob, amount: 2, nonce: 1),
            Fixture.send(Fixture.carol, to: Fixture.bob, amount: 3, nonce: 0),
        ]
        let candidates = [
            valid[0], badSignature, [0x00, 0x01], valid[1],
            Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 1),  // nonce 1 again
            Fixture.send(Fixture.carol, to: Fixture.bob, amount: 1, nonce: 0, fee: 1),
            Fixture.send(Fixture.dave, to: Fixture.bob, amount: 1, nonce: 0),
            Fixture.send(Fixture.bob, to: Fixture.alice, amount: 1, nonce: 0, chainID: "elsewhere-1"),
            valid[2],
        ]
        let chosen = try Self.prepare(app, candidates)
        #expect(chosen == valid)
        #expect(try Self.process(app, chosen) == .accept)
    }

    @Test("a transaction whose message fails is kept: it pays its fee")
    func keepsFailingMessages() throws {
        let app = try Fixture.app()
        let overdraft = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 5_000_000, nonce: 0)
        #expect(try Self.prepare(app, [overdraft]) == [overdraft])
        #expect(try Self.process(app, [overdraft]) == .accept)
    }

    @Test("the chosen transactions fit the byte cap; a smaller one after a skipped one still fits")
    func byteCap() throws {
        let app = try Fixture.app()
        let small = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0)
        let big = Fixture.tx(
            Fixture.bob, nonce: 0,
            messages: Array(repeating: .send(to: Fixture.carol.publicKey.address, amount: 1), count: 20))
        let other = Fixture.send(Fixture.carol, to: Fixture.alice, amount: 1, nonce: 0)
        #expect(big.count > 2 * small.count)
        let cap = small.count + other.count + 10
        let chosen = try Self.prepare(app, [small, big, other], maxTxBytes: cap)
        #expect(chosen == [small, other])
        #expect(chosen.reduce(0) { $0 + $1.count } <= cap)
        #expect(try Self.prepare(app, [small, big, other], maxTxBytes: small.count - 1).isEmpty)
        #expect(try Self.prepare(app, [small], maxTxBytes: -5).isEmpty)
        #expect(
            try Self.prepare(app, [small, big, other], maxTxBytes: small.count + big.count + other.count).count == 3)
    }

    @Test("skipping a transaction for size also drops the sender's later nonces")
    func skippedNonceBreaksTheChain() throws {
        let app = try Fixture.app()
        let first = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0)
        let bigSecond = Fixture.tx(
            Fixture.alice, nonce: 1,
            messages: Array(repeating: .send(to: Fixture.bob.publicKey.address, amount: 1), count: 20))
        let third = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 2)
        let chosen = try Self.prepare(app, [first, bigSecond, third], maxTxBytes: first.count + third.count)
        #expect(chosen == [first])
    }

    @Test("a proposal with an inadmissible transaction or nonces out of order is rejected")
    func rejects() throws {
        let app = try Fixture.app()
        let first = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0)
        let second = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 1)
        #expect(try Self.process(app, [first, second]) == .accept)
        #expect(try Self.process(app, []) == .accept)
        guard case .reject(let reason) = try Self.process(app, [second, first]) else {
            Issue.record("nonces out of order were accepted")
            return
        }
        #expect(
            reason.hasPrefix("transaction 0 (\(SignedTransaction.hash(of: second))) cannot be in a block: bad_nonce"))
        #expect(!(try Self.process(app, [first, [0xFF]]).isAccepted))
        #expect(!(try Self.process(app, [first, first]).isAccepted))
    }

    @Test("proposals change no state; a wrong height is a misuse")
    func noStateChange() throws {
        let app = try Fixture.app()
        let before = try app.appHash
        let tx = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0)
        _ = try Self.prepare(app, [tx])
        _ = try Self.process(app, [tx])
        #expect(try app.appHash == before)
        #expect(try app.checkTx(tx, kind: .new).isOK)
        #expect(throws: ApplicationError.unexpectedHeight(expected: 1, got: 3)) {
            try app.processProposal(
                ProcessProposalRequest(txs: [], height: 3, time: Fixture.genesisTime, proposer: Fixture.validator))
        }
    }
}
