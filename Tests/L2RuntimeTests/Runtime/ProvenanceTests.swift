import Common
import Testing

@testable import L2Runtime

@Suite("Provenance: the chain of custody of produced resources")
struct ProvenanceTests {
    typealias Keys = TestChain

    @Test("delivered reports link produced resources to what they consumed, across executions")
    func chainOfCustody() throws {
        var space = try DataSpace()
        let cleaned = try space.registerDataset(by: Keys.dave)
        let model = try space.registerDataset(by: Keys.dave)

        let (first, _) = try space.requestExecution(space.request(payment: 200))
        try space.report(first, .started)
        #expect(try space.report(first, .delivered, consumed: [space.dataset], produced: [cleaned]).status == .success)
        let firstTime = space.chain.time

        let (second, _) = try space.requestExecution(space.request(payment: 200, resources: [cleaned]))
        try space.report(second, .started)
        #expect(try space.report(second, .delivered, consumed: [cleaned], produced: [model]).status == .success)

        var reader = space.chain.reader
        let steps = try reader.provenance(of: model)
        #expect(steps.map(\.resource) == [model, cleaned])
        #expect(steps.map(\.link.execution) == [second, first])
        #expect(steps[1].link.consumed == [space.dataset])
        #expect(steps[1].link.engine == space.engine && steps[1].link.zone == space.zone)
        #expect(steps[1].link.deliveredAtMillis == firstTime)
        #expect(try reader.provenance(of: model, maxSteps: 1).count == 1)
        #expect(try reader.provenance(of: space.dataset).isEmpty)
    }

    @Test(
        "only the consumer's or the engine controller's resources may be named as produced; the report changes nothing")
    func producedByTheParties() throws {
        var space = try DataSpace()
        let strangers = try space.registerDataset(by: Keys.alice)
        let consumers = try space.registerDataset(by: Keys.carol)
        let (order, _) = try space.requestExecution(space.request(payment: 200))
        try space.report(order, .started)
        let refused = try space.report(order, .delivered, consumed: [space.dataset], produced: [consumers, strangers])
        #expect(refused.status == .failed(.notProducer))
        var reader = space.chain.reader
        #expect(try reader.execution(order)?.order.status == .started)
        #expect(try reader.provenance(of: consumers).isEmpty)
        #expect(
            try space.report(order, .delivered, consumed: [space.dataset], produced: [consumers]).status == .success)
        reader = space.chain.reader
        #expect(try reader.provenance(of: consumers).map(\.link.execution) == [order])
        #expect(try reader.provenance(of: strangers).isEmpty)
    }
}
