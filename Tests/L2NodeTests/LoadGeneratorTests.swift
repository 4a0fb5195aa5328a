import Common
import L2Node
import L2Runtime
import L2Workload
import Testing

/// The load generator's target over an in-process sequencer.
struct SequencerLoadTarget: LoadTarget {
    let sequencer: Sequencer

    func submit(_ batch: [SignedTransaction]) async throws -> [LoadOutcome] {
        await sequencer.process(batch.map(\.bytes)).map { result in
            switch result {
            case .success(let signed):
                switch signed.confirmation.status {
                case .success: .confirmed(nil)
                case .failed(let reason): .confirmed(reason)
                }
            case .failure(let error): .refused(code: error.code, name: error.name)
            }
        }
    }
}

@Suite("Load generator against an in-process sequencer")
struct LoadGeneratorTests {
    @Test(
        "a small run: setup from a faucet, then the standard mix, every transaction confirmed, none refused or failed")
    func smallRunConfirmsEverything() async throws {
        let faucet = AccountPrivateKey()
        let genesis = RollupGenesis(
            chainID: "strata-l2-load-1", genesisTimeMillis: 1_000,
            accounts: [.init(address: faucet.publicKey.address.description, balance: 1_000_000_000_000)])
        let sequencer = try Sequencer(
            storage: .memory(MemoryLogMedium()), genesis: genesis, key: AccountPrivateKey(),
            configuration: SequencerConfiguration(blockIntervalMillis: 50))
        let timer = Task { await sequencer.run() }
        defer { timer.cancel() }
        var plan = LoadPlan()
        plan.population = Workload.Population(accounts: 40, zones: 3, resources: 6, engines: 2)
        // A count, not a duration, sizes the run, so that a busy machine submits as much. The duration is only a
        // bound, and a far one: in a parallel test run on two cores, CPU-bound tests have kept this test's workers
        // from starting for over 120 s (a CI run where the generator, rightly, then submitted nothing).
        plan.rate = 2_000
        plan.durationSeconds = 3_600
        plan.maxTransactions = 1_000
        plan.concurrency = 3
        plan.batchSize = 25
        var settings = Workload.Settings()
        settings.chainID = genesis.chainID
        settings.fee = 0
        settings.keySeed = "load-test"
        settings.credentialLifetimeMillis = 60_000
        settings.orderCompaction = 8  // Drop reported orders often: the reports must still name the right ones.
        let generator = LoadGenerator(
            plan: plan, settings: settings, target: SequencerLoadTarget(sequencer: sequencer), faucet: faucet,
            faucetNonce: 0, clock: Sequencer.wallClockMillis)
        // 3 programs + 40 fundings, 3 zones, 6 datasets registered and joined, 2 engines registered and joined
        // to 3 zones each.
        #expect(try await generator.setUp() == 3 + 40 + 3 + 6 * 2 + 2 * 4)
        let summary = try await generator.run()
        #expect(summary.submitted == 1_000)
        #expect(summary.confirmed == summary.submitted)
        // The standard mix, reports included: they name orders whose requests were confirmed.
        #expect(summary.submittedByKind[.requestExecution, default: 0] > 20, "\(summary.mix)")
        #expect(summary.submittedByKind[.reportExecution, default: 0] > 20, "\(summary.mix)")
        // Credentials are offered, and accepted by their subjects once the offers are confirmed.
        #expect(summary.submittedByKind[.acceptCredential, default: 0] > 0, "\(summary.mix)")
        #expect(summary.refused == 0, "\(summary.line)")
        #expect(summary.failed == 0, "\(summary.line)")
        #expect(summary.latency(percentile: 0.5) <= summary.latency(percentile: 0.99))
    }

    @Test("a summary counts refusals by code and failures by reason, and latency percentiles (capped at 10 s)")
    func summaryCounts() {
        var summary = LoadSummary()
        summary.submitted = 4
        summary.elapsedSeconds = 2
        let outcomes: [LoadOutcome] = [
            .confirmed(nil), .confirmed(.unknownExecution), .refused(code: 4, name: "nonceTooLow"),
            .refused(code: 4, name: "nonceTooLow"),
        ]
        summary.record(outcomes, latency: 0.010)
        #expect(summary.confirmed == 2)
        #expect(summary.failed == 1)
        #expect(summary.refusedByCode == ["nonceTooLow (4)": 2])
        #expect(summary.confirmedPerSecond == 1)
        #expect(summary.latency(percentile: 0.5) == 0.010)
        summary.record([.confirmed(nil)], latency: 0.5)
        summary.record([.confirmed(nil)], latency: 60)
        #expect(summary.latency(percentile: 0.5) == 0.010)
        #expect(summary.latency(percentile: 0.75) == 0.5)
        #expect(summary.latency(percentile: 0.99) == 10)
        #expect(summary.line.contains("refused: nonceTooLow (4) 2"))
        #expect(summary.line.contains("failed: unknownExecution (124) 1"))
    }
}
