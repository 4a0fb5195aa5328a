import Common
import L1App
import Testing

@testable import L1Node

/// Proposal order, eviction and recheck, over the real L1 application and signed transfers.
@Suite("Mempool ordering, eviction and recheck")
struct MempoolOrderingTests {
    typealias F = ChainFixture

    @Test("a sender's transactions keep nonce order; between senders the highest fee goes first, ties by hash")
    func proposalOrder() throws {
        let mempool = Mempool(application: try F.application())
        let alice = [
            F.send(F.alice, nonce: 0, fee: 250), F.send(F.alice, nonce: 1, fee: 1_000),
            F.send(F.alice, nonce: 2, fee: 5_000),
        ]
        let bob = F.send(F.bob, nonce: 0, fee: 600)
        let carol = F.send(F.carol, nonce: 0, fee: 600)
        let dave = F.send(F.dave, nonce: 0, fee: 400)
        for tx in alice + [bob, carol, dave] { try mempool.add(tx) }

        let tied = Hash.blake2b(bob) < Hash.blake2b(carol) ? [bob, carol] : [carol, bob]
        let expected = tied + [dave] + alice
        #expect(mempool.reap(maxBytes: .max) == expected)
        #expect(mempool.reap(maxBytes: .max, maxTransactions: 3) == Array(expected.prefix(3)))
    }

    @Test("the order does not depend on the order of admission")
    func orderIsDeterministic() throws {
        let txs = [
            F.send(F.alice, nonce: 0, fee: 700), F.send(F.bob, nonce: 0, fee: 700), F.send(F.carol, nonce: 0, fee: 300),
            F.send(F.dave, nonce: 0, fee: 700), F.send(F.carol, nonce: 1, fee: 900),
        ]
        let forward = Mempool(application: try F.application())
        for tx in txs { try forward.add(tx) }
        let backward = Mempool(application: try F.application())
        // Carol's nonce 0 must still come before her nonce 1.
        for tx in [txs[3], txs[2], txs[4], txs[1], txs[0]] { try backward.add(tx) }
        #expect(forward.reap(maxBytes: .max) == backward.reap(maxBytes: .max))
    }

    @Test("reap stays within the byte budget; a transaction that does not fit ends its sender's run only")
    func reapByteBudget() throws {
        let mempool = Mempool(application: try F.application())
        let recipients: [Message] = (0..<20).map { _ in .send(to: F.erin.publicKey.address, amount: 1) }
        let big = F.tx(F.alice, nonce: 0, fee: 2_000, messages: recipients)
        let afterBig = F.send(F.alice, nonce: 1, fee: 2_000)
        let small = F.send(F.bob, nonce: 0, fee: 300)
        for tx in [big, afterBig, small] { try mempool.add(tx) }
        #expect(big.count > afterBig.count + small.count)

        let budget = afterBig.count + small.count
        let reaped = mempool.reap(maxBytes: budget)
        #expect(reaped == [small], "alice's big nonce 0 does not fit, so her nonce 1 cannot go either")
        #expect(mempool.reap(maxBytes: big.count + afterBig.count) == [big, afterBig])
        #expect(mempool.reap(maxBytes: 0).isEmpty)
    }

    @Test("a higher fee evicts the lowest-fee tail, never a transaction a later one depends on")
    func evictsLowestTail() throws {
        let mempool = Mempool(
            application: try F.application(), configuration: Mempool.Configuration(maxTransactions: 3))
        let alice0 = F.send(F.alice, nonce: 0, fee: 300)
        let alice1 = F.send(F.alice, nonce: 1, fee: 300)
        let bob0 = F.send(F.bob, nonce: 0, fee: 400)
        for tx in [alice0, alice1, bob0] { try mempool.add(tx) }

        // Alice's nonce 0 has the same fee as her nonce 1, but nonce 1 depends on it: only the tail may go.
        let admission = try mempool.add(F.send(F.carol, nonce: 0, fee: 1_000))
        #expect(admission.evicted == [Hash.blake2b(alice1)])
        #expect(mempool.contains(Hash.blake2b(alice0)))
        #expect(mempool.count == 3)
        #expect(mempool.metrics.evicted == 1)

        #expect(
            throws: MempoolError.mempoolFull(
                maxTransactions: 3, maxTotalBytes: 64 << 20, priority: 250, lowestEvictable: 300,
                denomination: "ustrata")
        ) { try mempool.add(F.send(F.dave, nonce: 0, fee: 250)) }
    }

    @Test("a sender's own earlier transactions are never evicted for its later nonce")
    func ownChainIsNotEvicted() throws {
        let mempool = Mempool(
            application: try F.application(), configuration: Mempool.Configuration(maxTransactions: 2))
        let alice0 = F.send(F.alice, nonce: 0, fee: 250)
        let bob0 = F.send(F.bob, nonce: 0, fee: 800)
        let alice1 = F.send(F.alice, nonce: 1, fee: 5_000)
        try mempool.add(alice0)
        try mempool.add(bob0)
        let admission = try mempool.add(alice1)
        #expect(admission.evicted == [Hash.blake2b(bob0)])
        #expect(mempool.reap(maxBytes: .max) == [alice0, alice1])
    }

    @Test("after an eviction the sender's later nonces wait for the next block, then it can resubmit")
    func evictionLeavesAGapUntilTheNextBlock() throws {
        let app = try F.application()
        let mempool = Mempool(application: app, configuration: Mempool.Configuration(maxTransactions: 2))
        let bob0 = F.send(F.bob, nonce: 0, fee: 300)
        let bob1 = F.send(F.bob, nonce: 1, fee: 300)
        try mempool.add(bob0)
        try mempool.add(bob1)
        try mempool.add(F.send(F.carol, nonce: 0, fee: 900))
        #expect(!mempool.contains(Hash.blake2b(bob1)))
        #expect(throws: MempoolError.senderGap(sender: .account(F.bob.publicKey.address), missingNonce: 1)) {
            try mempool.add(F.send(F.bob, nonce: 2, fee: 10_000))
        }

        // The block takes Bob's nonce 0 and Carol's; Bob resubmits his nonce 1.
        let block = mempool.reap(maxBytes: .max)
        try app.commitBlock(block)
        try mempool.update(committed: block, height: 1)
        try mempool.add(bob1)
        #expect(mempool.reap(maxBytes: .max) == [bob1])
    }

    @Test("committed transactions leave; the rest are rechecked and the ones now invalid are dropped")
    func recheckAfterBlock() throws {
        let app = CountingApplication(try F.application())
        let mempool = Mempool(application: app)
        let alice0 = F.send(F.alice, nonce: 0)
        let alice1 = F.send(F.alice, nonce: 1)
        let bob0 = F.send(F.bob, nonce: 0)
        // Carol's waiting transfer will be overtaken by another one with the same nonce.
        let carol0 = F.send(F.carol, nonce: 0)
        for tx in [alice0, alice1, bob0, carol0] { try mempool.add(tx) }

        // Another proposer's block: Bob's waiting transaction, and a different nonce 0 of Alice's and of Carol's.
        let otherAlice0 = F.send(F.alice, nonce: 0, fee: 999)
        let carolAll = F.send(F.carol, amount: F.startingBalance.subtracting(F.minFee) ?? 0, nonce: 0)
        let block = [bob0, otherAlice0, carolAll]
        try app.base.commitBlock(block)
        let report = try mempool.update(committed: block, height: 1)

        #expect(report.committed == 1)
        #expect(report.rechecked == 3)
        #expect(report.dropped.map(\.hash) == [Hash.blake2b(alice0), Hash.blake2b(carol0)])
        #expect(report.dropped.map(\.code) == [.badNonce, .badNonce])
        #expect(mempool.reap(maxBytes: .max) == [alice1], "alice's nonce 1 is now her next nonce")
        #expect(app.rechecks == 3)
        #expect(mempool.metrics.recheckDropped == 2)
        #expect(mempool.metrics.committed == 1)
    }

    @Test("a transaction whose fee can no longer be paid is dropped by the recheck")
    func recheckDropsUnfundedTransaction() throws {
        let app = try F.application()
        let mempool = Mempool(application: app)
        // Dave's nonce 0 and 1 wait; a different nonce 0 of his, committed elsewhere, drains his account.
        try mempool.add(F.send(F.dave, nonce: 0))
        let drain = F.send(F.dave, amount: F.startingBalance.subtracting(F.minFee) ?? 0, nonce: 0, fee: F.minFee)
        let pending = F.send(F.dave, nonce: 1)
        try mempool.add(pending)
        try app.commitBlock([drain])
        let report = try mempool.update(committed: [drain], height: 1)
        #expect(report.dropped.count == 2)
        #expect(report.dropped.last?.code == .insufficientFunds)
        #expect(mempool.count == 0)
        #expect(throws: MempoolError.self) { try mempool.add(pending) }
    }
}
