import Common
import Foundation
import L1Consensus
import Testing

@Suite("Deterministic simulation")
struct SimulationTests {
    /// Runs `count` seeds from `base`; the first failure names its seed (replay it with `STRATA_SIM_SEED`).
    private func runSeeds(_ seeds: Range<UInt64>, options: SimulatedCluster.Options) {
        for seed in seeds {
            let violations = SimulatedCluster(seed: seed, options: options).run()
            if let first = violations.first {
                Issue.record("\(first) (replay: STRATA_SIM_SEED=\(seed) swift test --filter replaySeed)")
                return
            }
        }
    }

    /// Seeds run in chunks so that Swift Testing spreads them over the cores.
    static let chunks = 0..<10

    @Test(
        "4 validators, one byzantine, 200 seeds: agreement, validity, no double sign, liveness, evidence",
        arguments: chunks)
    func fourValidators(chunk: Int) {
        var options = SimulatedCluster.Options()
        options.validators = 4
        options.byzantine = 1
        let first = UInt64(chunk * 20)
        runSeeds(first..<first + 20, options: options)
    }

    @Test("7 validators, two byzantine, 100 seeds", arguments: chunks)
    func sevenValidators(chunk: Int) {
        var options = SimulatedCluster.Options()
        options.validators = 7
        options.byzantine = 2
        let first = UInt64(1_000 + chunk * 10)
        runSeeds(first..<first + 10, options: options)
    }

    @Test("a validator that joins 8 s (dozens of heights) late syncs the decided blocks and keeps up", arguments: 0..<4)
    func lateJoiner(seed: Int) {
        var options = SimulatedCluster.Options()
        options.byzantine = 0
        options.dropPercent = 0
        options.chaos = .seconds(1)
        options.calm = .seconds(10)
        // Joining at 8 s leaves 3 s to fetch ~60 blocks and catch up: block sync must fetch them back to back
        // (one round trip each), not at the pace of consensus.
        options.lateJoin = .seconds(8)
        let cluster = SimulatedCluster(seed: UInt64(5_000 + seed), options: options)
        let violations = cluster.run()
        #expect(violations.isEmpty, "\(violations)")
        #expect((cluster.nodes[0].disk.latestState?.lastBlockHeight.rawValue ?? 0) > 40)
    }

    @Test("a seed replays the exact same run")
    func determinism() {
        let first = SimulatedCluster(seed: 42, options: .init())
        _ = first.run()
        let second = SimulatedCluster(seed: 42, options: .init())
        _ = second.run()
        #expect(first.decided == second.decided)
        #expect(!first.decided.isEmpty)
    }

    @Test("replay one seed from STRATA_SIM_SEED (4 and 7 validators)")
    func replaySeed() {
        let seed = ProcessInfo.processInfo.environment["STRATA_SIM_SEED"].flatMap { UInt64($0) } ?? 7
        var options = SimulatedCluster.Options()
        if seed >= 1_000 {
            options.validators = 7
            options.byzantine = 2
        }
        let violations = SimulatedCluster(seed: seed, options: options).run()
        #expect(violations.isEmpty, "\(violations)")
    }
}
