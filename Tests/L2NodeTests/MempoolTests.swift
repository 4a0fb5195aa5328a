import Common
import L2Node
import L2Runtime
import Testing

@Suite("Mempool: per-sender nonce order, caps, expiry")
struct MempoolTests {
    let chain = TestChain(accounts: 2)

    func entry(_ sender: Int, _ nonce: UInt64) -> SignedTransaction { chain.transfer(from: sender, nonce: nonce) }
    func address(_ sender: Int) -> Address { chain.keys[sender].publicKey.address }

    @Test("waiting transactions come out by sender and exact nonce")
    func takeByNonce() throws {
        var pool = Mempool<Int>(limits: MempoolLimits())
        for nonce: UInt64 in [3, 1, 2] {
            try pool.insert(
                entry(0, nonce), byteCount: 100, sender: address(0), nextNonce: 0, balance: 1_000, now: 0,
                ticket: Int(nonce))
        }
        #expect(pool.waitingNonces(of: address(0)) == [1, 2, 3])
        #expect(pool.take(sender: address(0), nonce: 0) == nil)
        #expect(pool.take(sender: address(1), nonce: 1) == nil)
        #expect(pool.take(sender: address(0), nonce: 1)?.ticket == 1)
        #expect(pool.take(sender: address(0), nonce: 2)?.ticket == 2)
        #expect(pool.count == 1)
        #expect(pool.byteCount == 100)
    }

    @Test("caps: per sender, total count, total bytes, nonce gap, duplicate nonce")
    func caps() throws {
        var pool = Mempool<Int>(
            limits: MempoolLimits(maxPerSender: 2, maxTransactions: 3, maxBytes: 1_000, maxNonceGap: 10))
        try pool.insert(
            entry(0, 1), byteCount: 100, sender: address(0), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        #expect(throws: Mempool<Int>.Refusal.duplicateNonce(1)) {
            try pool.insert(
                entry(0, 1), byteCount: 100, sender: address(0), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        }
        try pool.insert(
            entry(0, 2), byteCount: 100, sender: address(0), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        #expect(throws: Mempool<Int>.Refusal.senderFull(limit: 2)) {
            try pool.insert(
                entry(0, 3), byteCount: 100, sender: address(0), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        }
        #expect(throws: Mempool<Int>.Refusal.gapTooLarge(next: 0, nonce: 11, limit: 10)) {
            try pool.insert(
                entry(1, 11), byteCount: 100, sender: address(1), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        }
        #expect(throws: Mempool<Int>.Refusal.bytesFull(limit: 1_000)) {
            try pool.insert(
                entry(1, 1), byteCount: 900, sender: address(1), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        }
        try pool.insert(
            entry(1, 1), byteCount: 100, sender: address(1), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        #expect(throws: Mempool<Int>.Refusal.full(limit: 3)) {
            try pool.insert(
                entry(1, 2), byteCount: 100, sender: address(1), nextNonce: 0, balance: 1_000, now: 0, ticket: 0)
        }
    }

    @Test("transactions older than the TTL expire, in sender then nonce order; younger ones stay")
    func expiry() throws {
        var pool = Mempool<UInt64>(limits: MempoolLimits(ttlMillis: 1_000))
        try pool.insert(entry(0, 2), byteCount: 10, sender: address(0), nextNonce: 0, balance: 1_000, now: 0, ticket: 2)
        try pool.insert(entry(0, 1), byteCount: 10, sender: address(0), nextNonce: 0, balance: 1_000, now: 0, ticket: 1)
        try pool.insert(
            entry(1, 1), byteCount: 10, sender: address(1), nextNonce: 0, balance: 1_000, now: 600, ticket: 11)
        #expect(pool.expire(now: 1_000).isEmpty)
        let expired = pool.expire(now: 1_001)
        #expect(expired.map(\.ticket) == [1, 2])
        #expect(pool.count == 1)
        #expect(pool.expire(now: 1_601).map(\.ticket) == [11])
        #expect(pool.count == 0 && pool.byteCount == 0)
    }

    @Test("a sender waits only while its balance covers every fee it has waiting; no account, no place")
    func unfunded() throws {
        let fee = Amount(40)
        func paying(_ nonce: UInt64) -> SignedTransaction {
            let transaction = Transaction(
                chainID: TestChain.chainID, sender: .key(chain.keys[0].publicKey), nonce: nonce, fee: fee,
                kind: .transfer, payload: TransferPayload(recipient: chain.recipient, amount: 1).canonicalBytes)
            return SignedTransaction(signing: transaction, with: chain.keys[0])
        }
        var pool = Mempool<Int>(limits: MempoolLimits())
        try pool.insert(paying(1), byteCount: 100, sender: address(0), nextNonce: 0, balance: 100, now: 0, ticket: 1)
        try pool.insert(paying(2), byteCount: 100, sender: address(0), nextNonce: 0, balance: 100, now: 0, ticket: 2)
        #expect(throws: Mempool<Int>.Refusal.unfunded(balance: 100, fees: 120)) {
            try pool.insert(
                paying(3), byteCount: 100, sender: address(0), nextNonce: 0, balance: 100, now: 0, ticket: 3)
        }
        #expect(throws: Mempool<Int>.Refusal.unfunded(balance: 0, fees: 40)) {
            try pool.insert(paying(1), byteCount: 100, sender: address(1), nextNonce: 0, balance: 0, now: 0, ticket: 4)
        }
        #expect(pool.count == 2)
        // Once one runs, its fee no longer counts against the sender.
        _ = pool.take(sender: address(0), nonce: 1)
        try pool.insert(paying(3), byteCount: 100, sender: address(0), nextNonce: 2, balance: 100, now: 0, ticket: 3)
        #expect(pool.waitingNonces(of: address(0)) == [2, 3])
    }
}
