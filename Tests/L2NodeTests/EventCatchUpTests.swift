import Common
import L2Runtime
import TestSupport
import Testing

@testable import L2Node

@Suite("catching up on the feed: stored events, and re-execution for blocks sealed before events were kept")
struct EventCatchUpTests {
    /// Every event of the blocks of `replay`, in order.
    static func replayed(_ replay: EventReplay) throws -> [FeedEvent] {
        var lookups = FeedEvent.Lookups()
        var events: [FeedEvent] = []
        for number in replay.blocks { events += try replay.events(of: number, lookups: &lookups) }
        return events
    }

    @Test("the replay gives what the feed published, from the stored events or by re-executing, within limits")
    func storedOrReexecuted() async throws {
        var space = try await DataSpaceChain()
        let sequencer = space.sequencer
        let published = try #require(sequencer.events.subscribe())
        let first = await sequencer.tip.number + 1
        let execution = try await space.requestExecution()
        try await space.report(execution, .started)
        try await space.report(execution, .delivered, consumed: [space.dataset])
        var original: [FeedEvent] = []
        var iterator = published.makeAsyncIterator()
        for _ in 0..<3 { original += try #require(await iterator.next()) }
        let tip = await sequencer.tip.number
        #expect(tip == first + 2 && original.count > 6)
        #expect(try sequencer.blocks.events(first)?.isEmpty == false)

        // Every block's events are stored: nothing is re-executed, whatever its limits allow.
        var noReexecution = EventReplay.Limits()
        noReexecution.maxReexecutedBlocks = 0
        noReexecution.maxReexecutedTransactions = 0
        let stored = try #require(try sequencer.eventReplay(from: first, latest: tip, limits: noReexecution))
        #expect(try Self.replayed(stored) == original)
        var fewEvents = EventReplay.Limits()
        fewEvents.maxEvents = original.count - 1
        #expect(throws: IngestError.self) { try sequencer.eventReplay(from: first, latest: tip, limits: fewEvents) }

        // A directory of an older node: no events kept for the first two blocks, which are re-executed.
        try sequencer.blocks.forgetEvents(through: first + 1)
        #expect(try sequencer.blocks.events(first) == nil)
        #expect(throws: IngestError.self) {
            try sequencer.eventReplay(from: first, latest: tip, limits: noReexecution)
        }
        var twoBlocks = EventReplay.Limits()
        twoBlocks.maxReexecutedBlocks = 2
        let mixed = try #require(try sequencer.eventReplay(from: first, latest: tip, limits: twoBlocks))
        #expect(try Self.replayed(mixed) == original)
        #expect(try sequencer.eventReplay(from: first + 2, latest: tip, limits: noReexecution) != nil)
    }

    @Test("a block's events survive the store's encoding, every kind of them")
    func eventsRoundTrip() throws {
        let (hash, other) = (Hash.blake2b([1]), Hash.blake2b([2]))
        let address = AccountPrivateKey().publicKey.address
        let kinds: [RuntimeEvent.Kind] = [
            .programStored(program: hash), .zoneFounded(zone: hash, founder: address),
            .zoneRulesRevised(zone: hash, rules: other),
            .resourceRegistered(resource: hash, controller: address, kind: .workflowEngine),
            .resourceUpdated(resource: hash), .resourceDereferenced(resource: other),
            .memberJoined(zone: hash, member: .account(address)), .memberLeft(zone: hash, member: .resource(other)),
            .credentialIssued(credential: hash, issuer: address, subject: address),
            .credentialRevoked(credential: hash), .credentialAccepted(credential: hash, subject: address),
            .credentialDismissed(credential: other, subject: address),
            .executionRequested(execution: hash, zone: other, engine: hash, deadlineMillis: 1_767_225_600_000),
            .executionReported(execution: hash, status: .delivered), .executionCancelled(execution: other),
            .accessGranted(engine: hash, resource: other, execution: hash, expiresAtMillis: 7),
            .grantEnded(engine: hash, resource: other, execution: hash),
            .paid(execution: hash, recipient: address, amount: 12),
            .refunded(execution: hash, consumer: address, amount: 0),
            .zonePoolClaimed(zone: hash, founder: address, amount: Amount(UInt128.max)),
            .withdrawalRecorded(sequence: 3, owner: address, recipient: address, amount: 5),
        ]
        #expect(Set(kinds.map(\.name)) == RuntimeEvent.Kind.names, "one of every kind")
        let events = kinds.enumerated().map {
            RuntimeEvent(transactionIndex: UInt32($0.offset * 300), kind: $0.element)
        }
        for event in events {
            #expect(try RuntimeEvent(canonicalBytes: event.canonicalBytes) == event, "\(event.kind.name)")
        }
        var bad = events[0].canonicalBytes
        bad[1] = 99
        #expect(throws: CodecError.self) { try RuntimeEvent(canonicalBytes: bad) }
    }
}
