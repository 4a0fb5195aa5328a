import Common
import Testing

@testable import L2Runtime

@Suite("Events")
struct EventTests {
    typealias Keys = TestChain

    @Test("events carry their transaction's index; failed and rejected transactions emit none")
    func indexes() throws {
        var chain = try TestChain()
        let recipient = Keys.dave.address
        let transactions = [
            try chain.transaction(Keys.alice, .withdraw, WithdrawPayload(recipient: recipient, amount: 1)),
            try chain.transaction(Keys.bob, .withdraw, WithdrawPayload(recipient: recipient, amount: 0)),
            try chain.transaction(Keys.carol, .withdraw, WithdrawPayload(recipient: recipient, amount: 1), fee: 0),
            try chain.transaction(Keys.dave, .storeProgram, StoreProgramPayload(source: "permit.\n")),
        ]
        let execution = try chain.block(transactions)
        #expect(
            execution.events == [
                RuntimeEvent(
                    transactionIndex: 0,
                    kind: .withdrawalRecorded(sequence: 0, owner: Keys.alice.address, recipient: recipient, amount: 1)),
                RuntimeEvent(
                    transactionIndex: 3, kind: .programStored(program: Hash.blake2b(Array("permit.\n".utf8)))),
            ])
    }

    @Test("a sequencer's builder numbers events by the transactions it kept")
    func builderSkipsRejected() throws {
        let chain = try TestChain()
        var builder = BlockBuilder(
            runtime: chain.runtime, context: BlockContext(number: 1, parentHash: .zero, timestampMillis: 1),
            state: chain.state)
        let program = StoreProgramPayload(source: "permit(read).\n")
        _ = try builder.addUnlessRejected(chain.transaction(Keys.alice, .storeProgram, program, fee: 0))
        _ = try builder.addUnlessRejected(chain.transaction(Keys.alice, .storeProgram, program))
        #expect(builder.events.map(\.transactionIndex) == [0])
        let (execution, _) = try builder.seal()
        #expect(execution.events == builder.events)
    }

    @Test("a produced resource takes at most 8 provenance links")
    func provenanceCap() throws {
        var space = try DataSpace()
        let output = try space.registerDataset(by: Keys.dave)
        for round in 0...Provenance.cap {
            let (id, _) = try space.requestExecution()
            try space.report(id, .started)
            let receipt = try space.report(id, .delivered, consumed: [space.dataset], produced: [output])
            #expect(receipt.status == (round < Provenance.cap ? .success : failed(.tooManyProvenanceLinks)))
        }
    }
}
