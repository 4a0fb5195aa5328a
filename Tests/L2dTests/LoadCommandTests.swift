import ArgumentParser
import Common
import Foundation
import L2Node
import L2Runtime
import L2Workload
import Testing

@testable import l2d

@Suite("l2d load: options and the binary batch answer")
struct LoadCommandTests {
    @Test("the options become the plan and the settings: the sequencer's chain id, the fee, a fresh key seed")
    func plan() throws {
        let command = try LoadCommand.parse([
            "--rate", "250", "--duration", "3", "--concurrency", "2", "--batch", "10", "--accounts", "60",
            "--zones", "2", "--resources", "4", "--engines", "1", "--fee", "5", "--fund", "1000", "--count", "700",
        ])
        let (plan, settings) = try command.plan(chainID: "strata-l2-x")
        #expect(plan.rate == 250 && plan.durationSeconds == 3 && plan.concurrency == 2 && plan.batchSize == 10)
        #expect(plan.population.accounts == 60 && plan.population.zones == 2)
        #expect(plan.funding == 1000 && plan.maxTransactions == 700)
        #expect(settings.chainID == "strata-l2-x" && settings.fee == 5)
        let (_, again) = try command.plan(chainID: "strata-l2-x")
        #expect(settings.keySeed != again.keySeed)
        let seeded = try LoadCommand.parse(["--seed", "s"]).plan(chainID: "c").1
        #expect(seeded.keySeed == "s")
    }

    @Test("a fee below the sequencer's minimum, or a funding that cannot hold one fee, is refused before setup")
    func feeAgainstStatus() throws {
        try LoadCommand.check(fee: 1010, funding: 100_000, minimumFee: 10)
        try LoadCommand.check(fee: 10, funding: 11, minimumFee: 10)
        #expect(throws: CLIError.self) { try LoadCommand.check(fee: 9, funding: 100_000, minimumFee: 10) }
        #expect(throws: CLIError.self) { try LoadCommand.check(fee: 1010, funding: 1010, minimumFee: 10) }
    }

    @Test(
        "options out of range are refused",
        arguments: [
            ["--rate=-1"], ["--duration", "0"], ["--duration", "1e300"], ["--report-every", "0"],
            ["--concurrency", "0"], ["--batch", "0"], ["--accounts", "20"],
            ["--zones", "0"], ["--resources", "3", "--zones", "4"], ["--fund", "0"], ["--fee", "x"], ["--count", "0"],
        ])
    func badOptions(arguments: [String]) throws {
        let command = try LoadCommand.parse(arguments)
        #expect(throws: ValidationError.self) { try command.plan(chainID: "c") }
    }

    @Test("the binary answer decodes to one outcome per transaction: confirmed, failed with its reason, refused")
    func binaryAnswer() throws {
        let key = AccountPrivateKey()
        let signed = SoftConfirmationSet.sign(
            [
                SoftConfirmation(transactionHash: .zero, blockNumber: 3, index: 0, status: .success),
                SoftConfirmation(transactionHash: .zero, blockNumber: 3, index: 1, status: .failed(.unknownZone)),
            ], chainID: "c", key: key)
        let (confirmed, failed) = (signed[0], signed[1])
        let bytes = BinaryBatch.encode([
            .success(confirmed), .success(failed), .failure(.rejected(.nonceTooLow)), .failure(.mempoolFull("full")),
        ])
        let outcomes = try HTTPLoadTarget.outcomes(bytes)
        #expect(outcomes.count == 4)
        #expect(outcomes[0] == .confirmed(nil))
        #expect(outcomes[1] == .confirmed(.unknownZone))
        #expect(outcomes[2] == .refused(code: 4, name: "nonceTooLow"))
        if case .refused(let code, _) = outcomes[3] {
            #expect(code == IngestError.mempoolFull("full").code)
        } else {
            Issue.record("a full mempool is a refusal")
        }
        #expect(throws: CLIError.self) { try HTTPLoadTarget.outcomes(Array(bytes.dropLast())) }
    }
}

@Suite("l2d's clients read what they need of GET /v1/status and no more")
struct NodeStatusTests {
    @Test("a status with fields added or others gone still serves load and engine; a wrong one says why")
    func tolerant() throws {
        let other = #"""
            {"chain_id": "strata-l2-dev", "minimum_fee": "1", "full_fuel_fee": "201", "latest_block": 7,
             "sequencer": "ab", "a_later_field": {"x": [1, 2]}}
            """#
        let status = try JSONDecoder().decode(HTTPClient.NodeStatus.self, from: Data(other.utf8))
        #expect(status.chainID == "strata-l2-dev" && status.minimumFee == 1 && status.fullFuelFee == 201)
        #expect(status.latestBlock == 7)
        let wrong = #"{"chain_id": "c", "minimum_fee": 1, "full_fuel_fee": "2", "latest_block": 0}"#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(HTTPClient.NodeStatus.self, from: Data(wrong.utf8))
        }
    }
}
