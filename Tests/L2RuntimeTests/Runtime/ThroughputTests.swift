import Common
import Foundation
import Testing

@testable import L2Runtime

@Suite("Throughput of the execution mix (set STRATA_L2_BENCH=1 to print figures)")
struct ThroughputTests {
    typealias Keys = TestChain

    @Test(
        "requests, start reports and delivery reports execute in bulk",
        .enabled(if: ProcessInfo.processInfo.environment["STRATA_L2_BENCH"] != nil))
    func mix() throws {
        let count = 2000
        var space = try DataSpace()
        let consumerNonce = try space.chain.nonce(of: Keys.carol)
        let engineNonce = try space.chain.nonce(of: Keys.dave)
        var requests: [SignedTransaction] = []
        var starts: [SignedTransaction] = []
        var deliveries: [SignedTransaction] = []
        for n in 0..<UInt64(count) {
            let nonce = consumerNonce + n
            let request = try space.chain.transaction(
                Keys.carol, .requestExecution, space.request(payment: 130, deadlineIn: 600_000), fee: 10, nonce: nonce)
            requests.append(request)
            let id = RecordID.derive(RecordID.execution, transaction: request.hash)
            starts.append(
                try space.chain.transaction(
                    Keys.dave, .reportExecution,
                    ReportExecutionPayload(execution: id, status: .started, evidenceHash: .zero), fee: 10,
                    nonce: engineNonce + n))
            deliveries.append(
                try space.chain.transaction(
                    Keys.dave, .reportExecution,
                    ReportExecutionPayload(
                        execution: id, status: .delivered, consumed: [space.dataset], evidenceHash: .zero),
                    fee: 10, nonce: engineNonce + UInt64(count) + n))
        }
        for (name, transactions) in [("requestExecution", requests), ("started", starts), ("delivered", deliveries)] {
            let context = BlockContext(number: 100, parentHash: .zero, timestampMillis: space.chain.time + 1)
            let start = ContinuousClock.now
            let execution = try space.chain.runtime.execute(
                context, transactions: transactions, state: &space.chain.state,
                preverified: Array(repeating: true, count: transactions.count))
            let elapsed = ContinuousClock.now - start
            #expect(execution.receipts.allSatisfy { $0.status == .success })
            let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
            print("l2 throughput \(name): \(count) tx in \(elapsed), \(Int(Double(count) / seconds)) tx/s (1 core)")
        }
    }

    @Test(
        "parsing a program costs more than looking it up in the memo",
        .enabled(if: ProcessInfo.processInfo.environment["STRATA_L2_BENCH"] != nil))
    func programMemo() throws {
        let source = Array(try RuleDocExampleTests.example("members-only").source.utf8)
        let id = Hash.blake2b(source)
        let cache = ProgramCache()
        let rounds = 2000
        let parseStart = ContinuousClock.now
        for _ in 0..<rounds {
            _ = try RuleProgram.decode(source)
        }
        let parse = ContinuousClock.now - parseStart
        let memoStart = ContinuousClock.now
        for _ in 0..<rounds {
            _ = try cache.program(id, source: source)
        }
        let memo = ContinuousClock.now - memoStart
        print("l2 program: parse \(parse / rounds) each, memo \(memo / rounds) each (members-only example)")
        #expect(memo < parse)
    }
}
