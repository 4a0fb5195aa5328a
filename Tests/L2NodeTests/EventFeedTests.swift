import Common
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import L2Node
import L2Runtime
import Synchronization
import TestSupport
import Testing

@Suite("Event feed: sealed blocks' events to websocket subscribers, filters, slow subscribers", .timeLimit(.minutes(1)))
struct EventFeedTests {
    enum FeedTestError: Error { case closed }

    static func next(_ messages: inout WebSocketInboundMessageStream.AsyncIterator) async throws -> API.EventBody {
        guard case .text(let text)? = try await messages.next() else { throw FeedTestError.closed }
        return try JSONDecoder().decode(API.EventBody.self, from: Data(text.utf8))
    }

    /// Connects to `/v1/events` + `query`, waits for the subscription, submits `transactions` in one block,
    /// seals it, and returns the first `count` events received.
    static func receive(
        _ space: DataSpaceChain, query: String, transactions: [SignedTransaction], count: Int
    ) async throws -> [API.EventBody] {
        let sequencer = space.sequencer
        let server = SequencerHTTPServer(sequencer: sequencer, configuration: SequencerHTTPConfiguration(port: 0))
        let received = Mutex<[API.EventBody]>([])
        try await server.makeApplication().test(.live) { client in
            _ = try await client.ws("/v1/events\(query)") { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                #expect(try await eventually { sequencer.events.subscriberCount > 0 })
                let results = await sequencer.process(transactions.map(\.bytes))
                #expect(results.allSatisfy { $0.success != nil })
                try await sequencer.sealNow()
                for _ in 0..<count {
                    let event = try await Self.next(&messages)
                    received.withLock { $0.append(event) }
                }
            }
        }
        #expect(
            try await eventually { sequencer.events.subscriberCount == 0 },
            "a closed connection gives its subscription back")
        return received.withLock { $0 }
    }

    @Test("a subscriber filtered to the engine's controller gets the request and the grant, with block and tx")
    func engineEvents() async throws {
        var space = try await DataSpaceChain()
        let transfer = space.signed(
            DataSpaceChain.alice, .transfer, TransferPayload(recipient: space.chain.recipient, amount: 1))
        let request = space.signed(DataSpaceChain.carol, .requestExecution, space.request())
        let execution = RecordID.derive(RecordID.execution, transaction: request.hash)
        let dave = space.key(DataSpaceChain.dave).publicKey.address
        let events = try await Self.receive(
            space, query: "?engine=\(dave)", transactions: [transfer, request], count: 2)
        let tip = await space.sequencer.tip
        #expect(events.map(\.kind) == ["executionRequested", "accessGranted"])
        for event in events {
            #expect(event.block == tip.number && event.blockHash == tip.hash.description)
            #expect(event.txIndex == 1 && event.txHash == request.hash.description)
            #expect(event.execution == execution.description && event.engine == space.engine.description)
            #expect(event.engineController == dave.description)
        }
        #expect(events[0].zone == space.zone.description && events[1].resource == space.dataset.description)
    }

    @Test("a kinds filter with an engine id passes only those kinds; reports carry the engine too")
    func kindsFilter() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let started = space.signed(
            DataSpaceChain.dave, .reportExecution,
            ReportExecutionPayload(execution: execution, status: .started, evidenceHash: .zero))
        let events = try await Self.receive(
            space, query: "?engine=\(space.engine)&kinds=executionReported,grantEnded", transactions: [started],
            count: 1)
        #expect(events.map(\.kind) == ["executionReported"])
        #expect(events.first?.status == "started" && events.first?.engine == space.engine.description)
    }

    @Test("when the sequencer stops, a websocket subscriber gets streamEnded (211) and the socket closes")
    func shutdownEndsStream() async throws {
        let space = try await DataSpaceChain()
        let sequencer = space.sequencer
        let server = SequencerHTTPServer(sequencer: sequencer, configuration: SequencerHTTPConfiguration(port: 0))
        let last = Mutex<String?>(nil)
        try await server.makeApplication().test(.live) { client in
            _ = try await client.ws("/v1/events") { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                #expect(try await eventually { sequencer.events.subscriberCount > 0 })
                await sequencer.shutdown()
                if case .text(let text)? = try await messages.next() { last.withLock { $0 = text } }
                #expect(try await messages.next() == nil, "the server closes the socket")
            }
        }
        let text = try #require(last.withLock { $0 })
        let error = try JSONDecoder().decode(API.ErrorBody.self, from: Data(text.utf8))
        #expect(error.code == 211 && error.name == "streamEnded")
        #expect(sequencer.events.subscribe() == nil, "a stopped feed takes no subscribers")
    }

    @Test("a subscriber that falls behind by its buffer is cut off; publishing never waits")
    func slowSubscriber() async throws {
        let feed = SequencerEventFeed(bufferBlocks: 2, maxSubscribers: 1)
        let stream = try #require(feed.subscribe())
        #expect(feed.subscribe() == nil, "the subscriber cap holds")
        let event = FeedEvent(
            blockNumber: 1, blockHash: .zero, blockTimeMillis: 0, transactionIndex: 0, transactionHash: .zero,
            kind: .executionCancelled(execution: .zero))
        for _ in 0..<5 { feed.publish([event]) }
        #expect(feed.subscriberCount == 0)
        var count = 0
        for await _ in stream { count += 1 }
        #expect(count == 2, "the buffered blocks are delivered, then the stream ends")
    }

    @Test(
        "from_block replays the sealed blocks' events exactly as they were published, then goes on live with no block twice"
    )
    func catchUp() async throws {
        var space = try await DataSpaceChain()
        let sequencer = space.sequencer
        // What the feed published while the blocks were sealed, to compare the replay with.
        let published = try #require(sequencer.events.subscribe())
        let first = await sequencer.tip.number + 1
        let execution = try await space.requestExecution()
        try await space.report(execution, .started)
        try await space.report(execution, .delivered, consumed: [space.dataset])
        var original: [API.EventBody] = []
        var iterator = published.makeAsyncIterator()
        for _ in 0..<3 { original += try #require(await iterator.next()).map(API.EventBody.init) }
        #expect(Set(original.map(\.block)) == [first, first + 1, first + 2])
        #expect(original.contains { $0.kind == "paid" } && original.contains { $0.kind == "grantEnded" })

        let replayCount = original.count
        let live = space.signed(DataSpaceChain.carol, .requestExecution, space.request())
        let server = SequencerHTTPServer(sequencer: sequencer, configuration: SequencerHTTPConfiguration(port: 0))
        let received = Mutex<[API.EventBody]>([])
        try await server.makeApplication().test(.live) { client in
            _ = try await client.ws("/v1/events?from_block=\(first)") { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                for _ in 0..<replayCount {
                    let event = try await Self.next(&messages)
                    received.withLock { $0.append(event) }
                }
                #expect(
                    try await eventually { sequencer.events.beginCatchUp() }, "the replay gives its catch-up place back"
                )
                sequencer.events.endCatchUp()
                #expect(await sequencer.process([live.bytes]).first?.success != nil)
                try await sequencer.sealNow()
                let event = try await Self.next(&messages)
                received.withLock { $0.append(event) }
            }
        }
        let events = received.withLock { $0 }
        #expect(Array(events.prefix(original.count)) == original)
        let tip = await sequencer.tip
        #expect(events.last?.kind == "executionRequested" && events.last?.block == tip.number)
    }

    @Test("a catch-up too far back is refused before any replay; one catch-up runs at a time")
    func catchUpBounds() async throws {
        let space = try await DataSpaceChain()
        let sequencer = space.sequencer
        let limits = EventReplay.Limits()
        #expect(throws: IngestError.self) { try sequencer.eventReplay(from: 1, latest: 1 + limits.maxBlocks) }
        let tip = await sequencer.tip.number
        #expect(try sequencer.eventReplay(from: tip + 1, latest: tip) == nil, "nothing sealed to replay")
        #expect(try sequencer.eventReplay(from: 0, latest: tip)?.blocks == 1...tip)
        #expect(sequencer.events.beginCatchUp())
        #expect(!sequencer.events.beginCatchUp())
        sequencer.events.endCatchUp()
        #expect(sequencer.events.beginCatchUp())
        sequencer.events.endCatchUp()
        // A filter from a block drops earlier events (those of the blocks sealed before it, live or not).
        let filter = EventFilter(fromBlock: 5)
        let event = FeedEvent(
            blockNumber: 4, blockHash: .zero, blockTimeMillis: 0, transactionIndex: 0, transactionHash: .zero,
            kind: .paid(execution: .zero, recipient: space.chain.recipient, amount: 1))
        #expect(!filter.matches(event))
    }

    @Test("filters parse engine ids, addresses and kinds, and refuse anything else")
    func filters() throws {
        let address = AccountPrivateKey().publicKey.address
        let id = Hash.blake2b([1])
        #expect(try EventFilter(parameters: [("engine", id.description)]).engine == .resource(id))
        #expect(try EventFilter(parameters: [("engine", address.description)]).engine == .controller(address))
        #expect(try EventFilter(parameters: [("kinds", "paid,refunded")]).kinds == ["paid", "refunded"])
        #expect(throws: IngestError.self) { try EventFilter(parameters: [("engine", "x")]) }
        #expect(throws: IngestError.self) { try EventFilter(parameters: [("kinds", "paid,nope")]) }
        #expect(throws: IngestError.self) { try EventFilter(parameters: [("limit", "3")]) }
        #expect(try EventFilter(parameters: [("from_block", "12")]).fromBlock == 12)
        #expect(throws: IngestError.self) { try EventFilter(parameters: [("from_block", "-1")]) }
    }
}
