import Common
import Testing

@testable import L2Runtime

@Suite("The envelope: rejections touch nothing, failures pay their fee")
struct EnvelopeTests {
    typealias Keys = TestChain

    static let transfer = TransferPayload(recipient: TestChain.bob.address, amount: 5)

    @Test("every rejection leaves the state root as it was")
    func rejectionsTouchNothing() throws {
        var chain = try TestChain()
        let nonce = try chain.nonce(of: Keys.alice)
        let good = try chain.transaction(Keys.alice, .transfer, Self.transfer)
        var wrongChain = good.transaction
        wrongChain.chainID = "another-chain"
        var badSignature = good
        badSignature.signature = Keys.bob.sign(digest: good.transaction.signingDigest)
        let unknownIndex = Transaction(
            chainID: TestChain.chainID, sender: .index(AccountIndex(99)), nonce: 0, fee: 10, kind: .transfer,
            payload: Self.transfer.canonicalBytes)
        let stranger = AccountPrivateKey()
        let cases: [(SignedTransaction, FailureReason)] = [
            (SignedTransaction(signing: wrongChain, with: Keys.alice), .wrongChain),
            (badSignature, .badSignature),
            (SignedTransaction(signing: unknownIndex, with: Keys.alice), .unknownSender),
            (try chain.transaction(Keys.alice, .transfer, Self.transfer, nonce: nonce + 1), .nonceTooHigh),
            (try chain.transaction(Keys.alice, .transfer, Self.transfer, fee: 0), .feeTooLow),
            (try chain.transaction(Keys.alice, .transfer, Self.transfer, fee: 2_000_000), .cannotPayFee),
            (try chain.transaction(stranger, .transfer, Self.transfer), .cannotPayFee),
        ]
        for (transaction, reason) in cases {
            let before = try chain.state.root()
            var state = chain.state
            var builder = BlockBuilder(
                runtime: chain.runtime, context: BlockContext(number: 1, parentHash: .zero, timestampMillis: 1),
                state: state)
            let receipt = try builder.add(transaction)
            #expect(receipt.status == .rejected(reason))
            #expect(receipt.feePaid == .zero)
            let (execution, after) = try builder.seal()
            state = after
            #expect(try state.root() == before)
            #expect(execution.header.stateRoot == before)
            #expect(execution.events.isEmpty)
        }
        #expect(try chain.send(Keys.alice, .transfer, Self.transfer).status == .success)
        let replay = try chain.block([good])
        #expect(replay.receipts[0].status == .rejected(.nonceTooLow))
    }

    @Test("closing a block, then sealing it with its parent, gives seal()'s header whatever the open parent hash")
    func closeThenSeal() throws {
        let chain = try TestChain()
        let transactions = [
            try chain.transaction(Keys.alice, .transfer, Self.transfer),
            try chain.transaction(Keys.bob, .withdraw, RawPayload(bytes: [1, 2, 3])),
            try chain.transaction(Keys.alice, .transfer, Self.transfer, nonce: try chain.nonce(of: Keys.alice) + 1),
        ]
        let parent = Hash.blake2b([7])
        func build(parentHash: Hash) throws -> BlockBuilder<StateOverlay> {
            var builder = BlockBuilder(
                runtime: chain.runtime,
                context: BlockContext(number: 1, parentHash: parentHash, timestampMillis: 1), state: chain.state)
            for transaction in transactions { try builder.add(transaction) }
            return builder
        }
        let (sealed, _) = try build(parentHash: parent).seal()
        // Opened before the parent's hash is known, as the sequencer does: the execution is the same.
        let (closed, _) = try build(parentHash: .zero).close().seal(parentHash: parent)
        #expect(closed.header == sealed.header)
        #expect(closed.receipts == sealed.receipts && closed.events == sealed.events)
    }

    @Test("a sequencer leaves rejected transactions out of the block")
    func addUnlessRejected() throws {
        let chain = try TestChain()
        var builder = BlockBuilder(
            runtime: chain.runtime, context: BlockContext(number: 1, parentHash: .zero, timestampMillis: 1),
            state: chain.state)
        let rejected = try chain.transaction(Keys.alice, .transfer, Self.transfer, fee: 0)
        #expect(try builder.addUnlessRejected(rejected).status == .rejected(.feeTooLow))
        #expect(builder.count == 0)
        #expect(
            try builder.addUnlessRejected(chain.transaction(Keys.alice, .transfer, Self.transfer)).status == .success)
        #expect(builder.count == 1 && builder.receipts.count == 1)
    }

    @Test("a failed transaction changes only its sender's fee and nonce (and the fee pool)")
    func failedChangesFeeAndNonceOnly() throws {
        // Two different failures of the same sender leave the same state.
        var first = try TestChain()
        var second = try TestChain()
        let malformed = try first.send(Keys.alice, .withdraw, RawPayload(bytes: [1, 2, 3]))
        #expect(malformed.status == failed(.malformedPayload) && malformed.feePaid == 10)
        let zone = try second.send(Keys.alice, .joinZone, JoinZonePayload(zone: Hash.zero))
        #expect(zone.status == failed(.unknownZone))
        #expect(try first.root() == second.root())
        var reader = first.reader
        let account = try #require(try reader.account(Keys.alice.address))
        #expect(account.nonce == 1 && account.balance == Amount(TestChain.initialBalance.value - 10))
        #expect(try reader.feePool() == 10)
        // A failed body's writes are dropped, not only its later ones: the transfer moved nothing.
        let overspend = TransferPayload(recipient: Keys.bob.address, amount: TestChain.initialBalance)
        #expect(try first.send(Keys.alice, .transfer, overspend).status == failed(.insufficientFunds))
        #expect(try first.balance(Keys.bob.address) == TestChain.initialBalance)
    }

    @Test("a fee above the minimum buys rules fuel; with no fuel price the sender pays the minimum only")
    func feePool() throws {
        var chain = try TestChain()
        let transactions = [
            try chain.transaction(Keys.alice, .transfer, Self.transfer, fee: 25),
            try chain.transaction(
                Keys.bob, .transfer, TransferPayload(recipient: Keys.alice.address, amount: 0), fee: 10),
            try chain.transaction(Keys.carol, .transfer, Self.transfer, fee: 9),
        ]
        let execution = try chain.block(transactions)
        #expect(execution.receipts.map(\.status) == [.success, failed(.zeroAmount), .rejected(.feeTooLow)])
        #expect(execution.receipts.map(\.feePaid) == [10, 10, 0])
        var reader = chain.reader
        #expect(try reader.feePool() == 20)
        #expect(try chain.balance(Keys.carol.address) == TestChain.initialBalance)
        let alice = TestChain.initialBalance.value - Self.transfer.amount.value - 10
        #expect(try chain.balance(Keys.alice.address) == Amount(alice))
    }

    @Test("a sender known by key may then send by index")
    func sendByIndex() throws {
        var chain = try TestChain()
        var reader = chain.reader
        let index = try #require(try reader.account(Keys.bob.address)?.index)
        #expect(try reader.account(index: index)?.address == Keys.bob.address)
        let body = Transaction(
            chainID: TestChain.chainID, sender: .index(index), nonce: 0, fee: 10, kind: .transfer,
            payload: TransferPayload(recipient: Keys.carol.address, amount: 1).canonicalBytes)
        let execution = try chain.block([SignedTransaction(signing: body, with: Keys.bob)])
        #expect(execution.receipts[0].status == .success)
    }
}

/// Raw payload bytes, to send payloads that are not any kind's encoding.
struct RawPayload: CanonicalEncodable {
    var bytes: [UInt8]

    func encode(to writer: inout ByteWriter) { writer.writeRaw(bytes) }
}
