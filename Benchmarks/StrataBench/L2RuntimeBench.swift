import Common
import Foundation
import L2Runtime
import L2Workload

/// L2 execution on one core: blocks of each kind and of the standard mix, executed and sealed (state root)
/// on a state tree in a temporary SQLite file holding a populated Data Space, signatures checked beforehand;
/// the state commit of each block is timed separately.
///
/// Environment: `STRATA_BENCH_L2_BLOCK` (transactions per block, default 4,000), `STRATA_BENCH_L2_ROUNDS`
/// (blocks measured per figure, default 5), `STRATA_BENCH_DURABLE=0` (no fsync per commit).
func l2RuntimeBenchmarks() throws -> [BenchResult] {
    let environment = ProcessInfo.processInfo.environment
    let blockSize = environment["STRATA_BENCH_L2_BLOCK"].flatMap(Int.init) ?? 4_000
    let rounds = environment["STRATA_BENCH_L2_ROUNDS"].flatMap(Int.init) ?? 5
    let durable = environment["STRATA_BENCH_DURABLE"] != "0"
    let loadAtStart = loadAverage()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-l2-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let tree = try StateTree(
        path: directory.appendingPathComponent("state.sqlite").path, options: .init(durable: durable))

    var workload = Workload()
    var state = StateOverlay(tree: tree)
    let (_, genesisMs) = try measureMilliseconds {
        _ = try workload.runtime.initialize(genesis: workload.genesis, state: &state)
        try state.commit(version: 0)
    }
    var parent = Hash.zero
    var failures = 0

    var sealTimes: [Double] = []

    /// Executes and seals `transactions` as the next block, then commits it: (execution and seal ms, commit ms).
    func run(_ transactions: [SignedTransaction]) throws -> (execute: Double, commit: Double) {
        let context = workload.nextContext(parent: parent)
        var builder = BlockBuilder(runtime: workload.runtime, context: context, state: state)
        let (_, addMs) = try measureMilliseconds {
            for transaction in transactions {
                try builder.add(transaction, signatureChecked: true)
            }
        }
        let ((execution, after), sealMs) = try measureMilliseconds { try builder.seal() }
        state = after
        sealTimes.append(sealMs)
        let executeMs = addMs + sealMs
        let (_, commitMs) = try measureMilliseconds { try state.commit(version: context.number) }
        parent = execution.header.hash
        let failed = execution.receipts.filter { $0.status != .success }
        if let first = failed.first {
            FileManager.default.fputs("l2runtime: block \(context.number): \(failed.count) failed, e.g. \(first)\n")
        }
        failures += failed.count
        return (executeMs, commitMs)
    }

    let setup = workload.setupBlocks()
    let (_, setupMs) = try measureMilliseconds {
        for block in setup { _ = try run(block) }
    }
    FileManager.default.fputs(
        "l2runtime: genesis \(Int(genesisMs)) ms, setup \(setup.map(\.count).reduce(0, +)) txs in \(Int(setupMs)) ms\n")

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    var conditions = [
        "build": "release", "cores": "1 (execution is single-threaded)",
        "population": "\(workload.population.accounts) accounts, \(workload.population.zones) zones, "
            + "\(workload.population.resources) datasets, \(workload.population.engines) engines",
        "block": "\(blockSize) txs, signatures pre-checked, execute + seal (state root), commit not included",
        "store": "StateTree on a temporary SQLite file (durable: \(durable))",
        "load_average_at_start": loadAtStart,
        "figure": "median of \(rounds) blocks",
    ]

    // One block of each kind per round, in the order an order's life needs them.
    let kinds: [(Workload.Kind, String)] = [
        (.transfer, "transfer"), (.requestExecution, "request_execution"), (.reportStarted, "report_started"),
        (.reportDelivered, "report_delivered"),
    ]
    var rates: [Workload.Kind: [Double]] = [:]
    for _ in 0..<rounds {
        for (kind, _) in kinds {
            let block = workload.block(of: kind, count: blockSize)
            let (ms, _) = try run(block)
            rates[kind, default: []].append(Double(block.count) / (ms / 1000))
            FileManager.default.fputs(
                "l2runtime: \(kind.rawValue) block of \(block.count): \(Int(ms)) ms, of which seal "
                    + "\(Int(sealTimes.last ?? 0)) ms\n")
        }
    }
    var results: [BenchResult] = []
    for (kind, name) in kinds {
        let rate = median(rates[kind] ?? [0])
        FileManager.default.fputs("l2runtime: \(name) \(Int(rate)) tx/s\n")
        results.append(BenchResult(name: "l2runtime.\(name)", value: rate, unit: "tx/s", conditions: conditions))
    }

    // The standard mix, after two unmeasured blocks so that reports find open orders.
    _ = try run(workload.block(of: .requestExecution, count: blockSize / 2))
    for _ in 0..<2 { _ = try run(workload.block(mix: .standard, count: blockSize)) }
    var mixRates: [Double] = []
    var commitTimes: [Double] = []
    for _ in 0..<rounds {
        let block = workload.block(mix: .standard, count: blockSize)
        let (ms, commitMs) = try run(block)
        mixRates.append(Double(block.count) / (ms / 1000))
        FileManager.default.fputs(
            "l2runtime: mix block of \(block.count): \(Int(ms)) ms, of which seal \(Int(sealTimes.last ?? 0)) ms, "
                + "commit \(Int(commitMs)) ms\n")
        commitTimes.append(commitMs)
    }
    let mixRate = median(mixRates)
    let commitMs = median(commitTimes)
    FileManager.default.fputs("l2runtime: standard mix \(Int(mixRate)) tx/s, commit \(Int(commitMs)) ms\n")
    conditions["mix"] = Workload.Mix.standard.perHundred.map { "\($0.kind.rawValue) \($0.count)%" }
        .joined(separator: ", ")
    conditions["failed_transactions"] = String(failures)
    results.append(
        BenchResult(
            name: "l2runtime.standard_mix", value: mixRate, unit: "tx/s", conditions: conditions, target: ">= 60000",
            meetsTarget: mixRate >= 60_000))
    results.append(
        BenchResult(name: "l2runtime.standard_mix_commit", value: commitMs, unit: "ms", conditions: conditions))
    return results
}
