import Common
import L1App
import L1Consensus
import Testing

@testable import L1Node

@Suite("RPC pieces: time format, event queries, event feed, paging")
struct RPCUnitTests {
    @Test(
        "times are RFC 3339 in UTC with the fraction trimmed, as Go's RFC3339Nano",
        arguments: [
            (UInt64(0), "1970-01-01T00:00:00Z"),
            (1_700_000_000_000_000_000, "2023-11-14T22:13:20Z"),
            (1_700_000_000_500_000_000, "2023-11-14T22:13:20.5Z"),
            (951_782_400_000_000_001, "2000-02-29T00:00:00.000000001Z"),
            (4_102_444_799_999_999_999, "2099-12-31T23:59:59.999999999Z"),
        ])
    func time(nanoseconds: UInt64, expected: String) {
        #expect(RPCEncoding.time(nanoseconds: nanoseconds) == expected)
    }

    @Test("queries: equalities joined by AND match composite keys; other operators are refused")
    func queries() throws {
        let query = try EventQuery("tm.event='Tx' AND transfer.sender='a b' AND tx.height=5")
        #expect(query.conditions.count == 3)
        #expect(query.matches(["tm.event": ["Tx"], "transfer.sender": ["x", "a b"], "tx.height": ["5"]]))
        #expect(!query.matches(["tm.event": ["Tx"], "transfer.sender": ["x"], "tx.height": ["5"]]))
        #expect(!query.matches(["tm.event": ["NewBlock"]]))
        #expect(try EventQuery("tm.event = 'NewBlock'").matches(["tm.event": ["NewBlock"]]))
        for bad in [
            "", "tm.event", "tm.event>'Tx'", "tm.event>='Tx'", "tx.height=five", "tm event='Tx'",
            String(repeating: "a", count: 600),
        ] {
            #expect(throws: RPCError.self, "\(bad.prefix(20))") { try EventQuery(bad) }
        }
    }

    @Test("the event feed fans out and cuts off a subscriber that stops reading")
    func feed() async {
        let feed = RPCEventFeed(bufferSize: 2, maxSubscribers: 2)
        let reader = feed.subscribe()
        let sleeper = feed.subscribe()
        let refused = feed.subscribe()
        #expect(feed.subscriberCount == 2)
        var refusedIterator = refused.makeAsyncIterator()
        #expect(await refusedIterator.next() == nil, "over the cap: a stream that ends at once")
        let tx = IndexedTransaction(
            tx: [1], height: Height(1), index: 0, result: TxResult(code: .ok, log: "", events: []))
        var readerIterator = reader.makeAsyncIterator()
        for _ in 0..<3 {
            feed.publish(.tx(tx))
            #expect(await readerIterator.next() == .tx(tx))
        }
        #expect(feed.subscriberCount == 1, "the subscriber that read nothing was cut off at the third event")
        var sleeperIterator = sleeper.makeAsyncIterator()
        #expect(await sleeperIterator.next() == .tx(tx))
        #expect(await sleeperIterator.next() == .tx(tx))
        #expect(await sleeperIterator.next() == nil)
        feed.finish()
        #expect(await readerIterator.next() == nil)
    }

    @Test("page sizes follow CometBFT: missing or non-positive is the default, over the cap is the cap")
    func pageSizes() {
        #expect(RPCDispatcher.clampedPageSize(nil, default: 30, max: 100) == 30)
        #expect(RPCDispatcher.clampedPageSize(0, default: 30, max: 100) == 30)
        #expect(RPCDispatcher.clampedPageSize(-5, default: 30, max: 100) == 30)
        #expect(RPCDispatcher.clampedPageSize(7, default: 30, max: 100) == 7)
        #expect(RPCDispatcher.clampedPageSize(1_000, default: 30, max: 100) == 100)
        #expect(RPCDispatcher.clampedPageSize(nil, default: 30, max: 10) == 10)
    }

    @Test("every error code has a distinct number and an HTTP status")
    func errorCodes() {
        let numbers = RPCErrorCode.allCases.map(\.rawValue)
        #expect(Set(numbers).count == numbers.count)
        #expect(RPCError(RPCBackendError.heightInFuture(requested: 5, latest: 3)).code == .heightUnavailable)
        #expect(RPCError(RPCBackendError.internalFailure("disk")).code == .internalError)
        #expect(RPCModel.Peer.host(of: "[::1]:26656") == "::1")
        #expect(RPCModel.Peer.host(of: "10.1.2.3:5") == "10.1.2.3")
    }
}
