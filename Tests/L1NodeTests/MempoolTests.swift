import Common
import L1App
import Testing

@testable import L1Node

/// Admission, dedupe, caps and metrics of the mempool, over the real L1 application and signed transfers.
@Suite("Mempool admission")
struct MempoolTests {
    typealias F = ChainFixture

    @Test("a valid transfer is admitted with its fee as priority, and counted")
    func admitsValidTransfer() throws {
        let mempool = Mempool(application: try F.application())
        let tx = F.send(F.alice, nonce: 0, fee: 300)
        let admission = try mempool.add(tx)
        #expect(admission.hash == Hash.blake2b(tx))
        #expect(admission.priority == 300)
        #expect(admission.evicted.isEmpty)
        #expect(mempool.count == 1)
        #expect(mempool.totalBytes == tx.count)
        #expect(mempool.metrics.admitted == 1)
        let entry = try #require(mempool.entry(admission.hash))
        #expect(entry.sender == .account(F.alice.publicKey.address))
        #expect(entry.nonce == 0)
    }

    @Test("the application's rejection comes back with its code and log")
    func rejectionCarriesCodeAndLog() throws {
        let mempool = Mempool(application: try F.application())
        #expect(throws: MempoolError.rejected(code: .feeTooLow, log: "fee 10ustrata below minimum 250ustrata")) {
            try mempool.add(F.send(F.alice, nonce: 0, fee: 10))
        }
        #expect(
            throws: MempoolError.rejected(code: .badNonce, log: "nonce 3 does not match the account's next nonce 0")
        ) {
            try mempool.add(F.send(F.alice, nonce: 3))
        }
        do {
            try mempool.add([0xde, 0xad])
            Issue.record("garbage was admitted")
        } catch {
            guard case .rejected(let code, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(code == .badEncoding)
        }
        #expect(mempool.count == 0)
        #expect(mempool.metrics.rejected == 3)
    }

    @Test("a transaction seen before is answered from the cache without asking the application")
    func dedupe() throws {
        let app = CountingApplication(try F.application())
        let mempool = Mempool(application: app)
        let tx = F.send(F.alice, nonce: 0)
        try mempool.add(tx)
        #expect(throws: MempoolError.alreadyInMempool(Hash.blake2b(tx))) { try mempool.add(tx) }

        let bad = F.send(F.bob, nonce: 0, fee: 1)
        #expect(throws: MempoolError.self) { try mempool.add(bad) }
        do {
            try mempool.add(bad)
            Issue.record("a rejected transaction was admitted")
        } catch {
            guard case .recentlyRejected(let hash, because: .rejected(code: .feeTooLow, _)) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(hash == Hash.blake2b(bad))
        }
        #expect(app.newChecks == 2)
        #expect(mempool.metrics.cacheHits == 2)
    }

    @Test("a committed transaction is refused as committed; a rejection is forgotten after the next block")
    func cacheAcrossBlocks() throws {
        let app = CountingApplication(try F.application())
        let mempool = Mempool(application: app)
        let tx = F.send(F.alice, nonce: 0)
        try mempool.add(tx)
        // Bob's nonce 1 is premature now, fine after his nonce 0 is committed.
        let early = F.send(F.bob, nonce: 1)
        #expect(throws: MempoolError.self) { try mempool.add(early) }

        let block = [tx, F.send(F.bob, nonce: 0)]
        try app.base.commitBlock(block)
        try mempool.update(committed: block, height: 1)
        #expect(mempool.count == 0)
        #expect(throws: MempoolError.alreadyCommitted(Hash.blake2b(tx))) { try mempool.add(tx) }
        try mempool.add(early)
        #expect(mempool.count == 1)
    }

    @Test("the cache forgets the least recently used hash first")
    func cacheIsBoundedLRU() throws {
        let app = CountingApplication(try F.application())
        let mempool = Mempool(application: app, configuration: Mempool.Configuration(cacheCapacity: 2))
        let a = F.send(F.alice, nonce: 9)
        let b = F.send(F.bob, nonce: 9)
        let c = F.send(F.carol, nonce: 9)
        for tx in [a, b] { #expect(throws: MempoolError.self) { try mempool.add(tx) } }
        // Touch a, so b is the least recently used when c arrives.
        #expect(throws: MempoolError.self) { try mempool.add(a) }
        #expect(throws: MempoolError.self) { try mempool.add(c) }
        #expect(app.newChecks == 3)
        #expect(mempool.cachedHashCount == 2)
        #expect(throws: MempoolError.self) { try mempool.add(a) }
        #expect(app.newChecks == 3, "a is still cached")
        #expect(throws: MempoolError.self) { try mempool.add(b) }
        #expect(app.newChecks == 4, "b was forgotten and checked again")
    }

    @Test("a transaction over the per-transaction cap is refused before the application sees it")
    func perTransactionCap() throws {
        let app = CountingApplication(try F.application())
        let mempool = Mempool(application: app, configuration: Mempool.Configuration(maxTransactionBytes: 100))
        let tx = F.send(F.alice, nonce: 0)
        #expect(tx.count > 100)
        #expect(throws: MempoolError.transactionTooLarge(bytes: tx.count, cap: 100)) { try mempool.add(tx) }
        #expect(app.newChecks == 0)
    }

    @Test("the count and byte caps hold, and the full error says what to do")
    func capsByCountAndBytes() throws {
        let byCount = Mempool(
            application: try F.application(), configuration: Mempool.Configuration(maxTransactions: 2))
        try byCount.add(F.send(F.alice, nonce: 0, fee: 300))
        try byCount.add(F.send(F.bob, nonce: 0, fee: 300))
        let expected = MempoolError.mempoolFull(
            maxTransactions: 2, maxTotalBytes: 64 << 20, priority: 300, lowestEvictable: 300, denomination: "ustrata")
        #expect(throws: expected) { try byCount.add(F.send(F.carol, nonce: 0, fee: 300)) }
        #expect(
            expected.description
                == "mempool is full: 2 txs / 64 MiB; fee 300ustrata too low to evict (the lowest evictable fee is "
                + "300ustrata); pay a higher fee or retry after the next block")
        #expect(byCount.count == 2)
        #expect(byCount.metrics.refusedFull == 1)

        let one = F.send(F.alice, nonce: 0)
        let byBytes = Mempool(
            application: try F.application(), configuration: Mempool.Configuration(maxTotalBytes: one.count * 2 + 10))
        try byBytes.add(one)
        try byBytes.add(F.send(F.bob, nonce: 0))
        #expect(throws: MempoolError.self) { try byBytes.add(F.send(F.carol, nonce: 0)) }
        #expect(byBytes.totalBytes <= one.count * 2 + 10)
        #expect(byBytes.count == 2)
    }

    @Test("gossip returns what was admitted after a cursor, skipping what left")
    func gossipCursor() throws {
        let app = try F.application()
        let mempool = Mempool(application: app)
        let first = [F.send(F.alice, nonce: 0), F.send(F.bob, nonce: 0), F.send(F.carol, nonce: 0)]
        for tx in first { try mempool.add(tx) }
        let all = mempool.transactions(after: 0)
        #expect(all.transactions == first)
        #expect(all.cursor == 3)

        let limited = mempool.transactions(after: 0, maxCount: 2)
        #expect(limited.transactions == Array(first.prefix(2)))
        #expect(mempool.transactions(after: limited.cursor).transactions == [first[2]])

        try app.commitBlock([first[1]])
        try mempool.update(committed: [first[1]], height: 1)
        let later = F.send(F.dave, nonce: 0)
        try mempool.add(later)
        let next = mempool.transactions(after: all.cursor)
        #expect(next.transactions == [later])
        #expect(mempool.transactions(after: 0).transactions == [first[0], first[2], later])
        #expect(mempool.transactions(after: next.cursor).transactions.isEmpty)
    }

    @Test("an update must move to a higher height")
    func staleUpdate() throws {
        let mempool = Mempool(application: try F.application())
        try mempool.update(committed: [], height: 3)
        #expect(throws: MempoolError.staleUpdate(height: 3, lastHeight: 3)) {
            try mempool.update(committed: [], height: 3)
        }
    }
}
