import Common
import Testing

@testable import L2Runtime

@Suite("Execution orders: request, report, cancel, payouts, grants")
struct ExecutionLifecycleTests {
    typealias Keys = TestChain

    @Test("a request escrows the payment and grants the engine each resource until the deadline")
    func requestGrants() throws {
        var space = try DataSpace()
        let before = try space.chain.balance(Keys.carol.address)
        let payload = space.request(payment: 200)
        let (id, receipt) = try space.requestExecution(payload)
        #expect(receipt.status == .success)
        #expect(try space.chain.balance(Keys.carol.address) == Amount(before.value - 200 - 10))
        var reader = space.chain.reader
        let (order, reports) = try #require(try reader.execution(id))
        #expect(order.status == .requested && order.payment == 200 && order.consumer == Keys.carol.address)
        #expect(order.prices == [DataSpace.datasetPrice] && reports.isEmpty)
        let grant = try reader.accessGrant(engine: space.engine, resource: space.dataset, execution: id)
        #expect(grant.value?.expiresAtMillis == payload.deadlineMillis)
        #expect(grant.key == StateKeys.accessGrant(engine: space.engine, resource: space.dataset, execution: id))
        #expect(
            space.chain.lastEvents == [
                .executionRequested(
                    execution: id, zone: space.zone, engine: space.engine, deadlineMillis: payload.deadlineMillis),
                .accessGranted(
                    engine: space.engine, resource: space.dataset, execution: id,
                    expiresAtMillis: payload.deadlineMillis),
            ])
    }

    @Test("the grant is provable against the committed root with Common alone")
    func grantProof() throws {
        var space = try DataSpace()
        let (id, _) = try space.requestExecution()
        var reader = space.chain.reader
        let grant = try reader.accessGrant(engine: space.engine, resource: space.dataset, execution: id)
        let proof = try space.chain.tree.proof(for: grant.key.path)
        try proof.verify(
            path: grant.key.path, value: grant.value?.canonicalBytes, root: space.chain.tree.rootHash())
    }

    @Test("delivered pays each provider its price and the engine the rest, less the zone's tax, and ends grants")
    func deliveredPays() throws {
        var space = try DataSpace(taxBasisPoints: 1000)
        let (id, _) = try space.requestExecution(space.request(payment: 200))
        let bob = try space.chain.balance(Keys.bob.address)
        let dave = try space.chain.balance(Keys.dave.address)
        #expect(try space.report(id, .started).status == .success)
        let daveAfterStart = try space.chain.balance(Keys.dave.address)
        #expect(daveAfterStart == Amount(dave.value - 10))
        let output = try space.registerDataset(by: Keys.dave)
        let daveBefore = try space.chain.balance(Keys.dave.address)
        let receipt = try space.report(id, .delivered, consumed: [space.dataset], produced: [output])
        #expect(receipt.status == .success)
        // Dataset: 100 less 10% = 90 to bob; engine: 200 - 100 = 100 less 10% = 90 to dave; 20 to the pool.
        #expect(try space.chain.balance(Keys.bob.address) == Amount(bob.value + 90))
        #expect(try space.chain.balance(Keys.dave.address) == Amount(daveBefore.value + 90 - 10))
        var reader = space.chain.reader
        #expect(try reader.zonePool(space.zone) == 20)
        #expect(try reader.execution(id)?.order.status == .delivered)
        #expect(try reader.execution(id)?.reports.map(\.status) == [.started, .delivered])
        #expect(try reader.accessGrant(engine: space.engine, resource: space.dataset, execution: id).value == nil)
        #expect(
            space.chain.lastEvents.contains(.grantEnded(engine: space.engine, resource: space.dataset, execution: id)))
        #expect(space.chain.lastEvents.contains(.executionReported(execution: id, status: .delivered)))
    }

    @Test("the founder alone claims the zone's pool, up to what it holds; the claim moves tokens, never makes them")
    func founderClaimsThePool() throws {
        var space = try DataSpace(taxBasisPoints: 1000)
        let (id, _) = try space.requestExecution(space.request(payment: 200))
        #expect(try space.report(id, .started).status == .success)
        #expect(try space.report(id, .delivered, consumed: [space.dataset]).status == .success)
        var reader = space.chain.reader
        #expect(try reader.zonePool(space.zone) == 20)
        func claim(_ key: AccountPrivateKey, _ amount: Amount, zone: Hash? = nil) throws -> Receipt.Status {
            try space.chain.send(key, .claimZonePool, ClaimZonePoolPayload(zone: zone ?? space.zone, amount: amount))
                .status
        }
        let failed = { (reason: FailureReason) in Receipt.Status.failed(reason) }
        #expect(try claim(Keys.bob, 5) == failed(.notFounder))
        #expect(try claim(Keys.alice, 21) == failed(.insufficientFunds))
        #expect(try claim(Keys.alice, 0) == failed(.zeroAmount))
        #expect(try claim(Keys.alice, 5, zone: Hash.blake2b([9])) == failed(.unknownZone))
        let alice = try space.chain.balance(Keys.alice.address)
        #expect(try claim(Keys.alice, 15) == .success)
        #expect(space.chain.lastEvents == [.zonePoolClaimed(zone: space.zone, founder: Keys.alice.address, amount: 15)])
        // The fee (10) paid, 15 credited.
        #expect(try space.chain.balance(Keys.alice.address) == Amount(alice.value - 10 + 15))
        reader = space.chain.reader
        #expect(try reader.zonePool(space.zone) == 5)
        #expect(try claim(Keys.alice, 5) == .success)
        reader = space.chain.reader
        #expect(try reader.zonePool(space.zone) == 0)
        #expect(try claim(Keys.alice, 1) == failed(.insufficientFunds))
    }

    @Test(
        "the tax never overflows and rounds down",
        arguments: [
            (Amount(200), UInt16(1000), Amount(20)), (Amount(199), UInt16(1000), Amount(19)),
            (Amount.max, UInt16(10_000), Amount.max), (Amount(7), UInt16(0), Amount(0)),
            (Amount(UInt128.max - 5), UInt16(5000), Amount((UInt128.max - 5) / 2)),
        ])
    func taxArithmetic(amount: Amount, bps: UInt16, expected: Amount) {
        #expect(Runtime.tax(on: amount, basisPoints: bps) == expected)
    }

    @Test("failed refunds the consumer and ends the grants")
    func failedRefunds() throws {
        var space = try DataSpace()
        let carol = try space.chain.balance(Keys.carol.address)
        let (id, _) = try space.requestExecution(space.request(payment: 200))
        #expect(try space.report(id, .failed).status == .success)
        #expect(try space.chain.balance(Keys.carol.address) == Amount(carol.value - 10))
        var reader = space.chain.reader
        #expect(try reader.execution(id)?.order.status == .failed)
        #expect(try reader.accessGrant(engine: space.engine, resource: space.dataset, execution: id).value == nil)
        #expect(space.chain.lastEvents.contains(.refunded(execution: id, consumer: Keys.carol.address, amount: 200)))
    }

    @Test("only the named engine reports, along valid transitions, before the deadline")
    func reportRules() throws {
        var space = try DataSpace()
        let (id, _) = try space.requestExecution(space.request(deadlineIn: 10_000))
        #expect(try space.report(id, .started, by: Keys.bob).status == failed(.notEngine))
        #expect(try space.report(id, .delivered).status == failed(.invalidTransition))
        #expect(try space.report(id, .requested).status == failed(.invalidTransition))
        #expect(try space.report(Hash.blake2b([7]), .started).status == failed(.unknownExecution))
        #expect(try space.report(id, .started, consumed: [Hash.blake2b([7])]).status == failed(.resourceNotInOrder))
        #expect(try space.report(id, .started, produced: [Hash.blake2b([7])]).status == failed(.unknownResource))
        #expect(
            try space.report(id, .started, consumed: [space.dataset, space.dataset]).status
                == failed(.invalidParameter))
        #expect(try space.report(id, .started).status == .success)
        #expect(try space.report(id, .started).status == failed(.invalidTransition))
        #expect(try space.report(id, .delivered, advance: 20_000).status == failed(.executionExpired))
    }

    @Test("the consumer cancels before the start; nobody else before the deadline; anyone after it")
    func cancelRules() throws {
        var space = try DataSpace()
        let carol = try space.chain.balance(Keys.carol.address)
        let (first, _) = try space.requestExecution(space.request(deadlineIn: 10_000))
        let cancel = CancelExecutionPayload(execution: first)
        #expect(try space.chain.send(Keys.mallory, .cancelExecution, cancel).status == failed(.cannotCancel))
        #expect(try space.chain.send(Keys.carol, .cancelExecution, cancel).status == .success)
        #expect(try space.chain.balance(Keys.carol.address) == Amount(carol.value - 20))
        #expect(try space.chain.send(Keys.carol, .cancelExecution, cancel).status == failed(.invalidTransition))
        var reader = space.chain.reader
        #expect(try reader.accessGrant(engine: space.engine, resource: space.dataset, execution: first).value == nil)

        let (second, _) = try space.requestExecution(space.request(deadlineIn: 10_000))
        #expect(try space.report(second, .started).status == .success)
        let cancelSecond = CancelExecutionPayload(execution: second)
        #expect(try space.chain.send(Keys.carol, .cancelExecution, cancelSecond).status == failed(.cannotCancel))
        let receipt = try space.chain.send(Keys.mallory, .cancelExecution, cancelSecond, advance: 20_000)
        #expect(receipt.status == .success)
        reader = space.chain.reader
        #expect(try reader.execution(second)?.order.status == .cancelled)
        // Fees: two requests, one cancel, two refused cancels; both payments refunded.
        #expect(try space.chain.balance(Keys.carol.address) == Amount(carol.value - 50))
        #expect(
            try space.chain.send(Keys.mallory, .cancelExecution, CancelExecutionPayload(execution: Hash.zero)).status
                == failed(.unknownExecution))
    }

    @Test("a request checks its resources, deadline, engine, membership and payment")
    func requestChecks() throws {
        var space = try DataSpace(minimumPayment: 150)
        func status(_ payload: RequestExecutionPayload, by key: AccountPrivateKey = Keys.carol) throws
            -> Receipt.Status
        {
            try space.chain.send(key, .requestExecution, payload).status
        }
        #expect(try status(space.request(resources: [])) == failed(.invalidParameter))
        #expect(try status(space.request(resources: [space.dataset, space.dataset])) == failed(.invalidParameter))
        #expect(try status(space.request(resources: [space.engine])) == failed(.invalidParameter))
        #expect(try status(space.request(resources: [Hash.zero])) == failed(.unknownResource))
        #expect(try status(space.request(deadlineIn: 0)) == failed(.deadlineInPast))
        // The request's block is 1,000 ms after the time `request` counts from.
        #expect(try status(space.request(deadlineIn: ExecutionOrder.maxWindowMillis + 1001)) == failed(.deadlineTooFar))
        #expect(try status(space.request(deadlineIn: UInt64.max - space.chain.time)) == failed(.deadlineTooFar))
        #expect(try status(space.request(payment: 129)) == failed(.paymentBelowPrice))
        #expect(try status(space.request(payment: 149)) == failed(.paymentBelowPrice))
        var wrongEngine = space.request()
        wrongEngine.engine = space.dataset
        wrongEngine.resources = [space.engine]
        #expect(try status(wrongEngine) == failed(.notAnEngine))
        var unknownZone = space.request()
        unknownZone.zone = Hash.zero
        #expect(try status(unknownZone) == failed(.unknownZone))
        // A resource that has not joined the zone cannot be used.
        _ = try space.chain.send(
            Keys.bob, .registerResource,
            RegisterResourcePayload(
                kind: .dataset, endpoint: "x", metadataHash: .zero, consent: Hash.blake2b(Array("permit.\n".utf8)),
                price: 0))
        let outsider = try space.chain.createdID(RecordID.resource)
        #expect(try status(space.request(resources: [outsider])) == failed(.notMember))
        #expect(try status(space.request(payment: 2_000_000)) == failed(.insufficientFunds))
        #expect(try status(space.request(payment: 150)) == .success)
        #expect(try status(space.request(payment: 150, deadlineIn: ExecutionOrder.maxWindowMillis + 1000)) == .success)
    }

    @Test("a private zone serves only accounts that joined it")
    func privateZone() throws {
        var space = try DataSpace(visibility: .private)
        #expect(try space.requestExecution().receipt.status == failed(.notMember))
        #expect(try space.chain.send(Keys.carol, .joinZone, JoinZonePayload(zone: space.zone)).status == .success)
        #expect(try space.requestExecution().receipt.status == .success)
    }

    @Test("a dereferenced resource is never granted again; its controller may always dereference it")
    func dereferenced() throws {
        var space = try DataSpace()
        let (open, _) = try space.requestExecution()
        let payload = DereferenceResourcePayload(resource: space.dataset)
        #expect(try space.chain.send(Keys.carol, .dereferenceResource, payload).status == failed(.notController))
        #expect(try space.chain.send(Keys.bob, .dereferenceResource, payload).status == .success)
        #expect(space.chain.lastEvents == [.resourceDereferenced(resource: space.dataset)])
        #expect(try space.chain.send(Keys.bob, .dereferenceResource, payload).status == .success)
        #expect(try space.requestExecution().receipt.status == failed(.resourceDereferenced))
        // The open order still completes and pays.
        #expect(try space.report(open, .started).status == .success)
        #expect(try space.report(open, .delivered, consumed: [space.dataset]).status == .success)
    }
}
