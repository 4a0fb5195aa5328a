import ArgumentParser
import Common
import Foundation
import Keyring
import L2Node
import L2Runtime
import L2Workload

/// `l2d load`: sets up a Data Space population on a running sequencer with faucet-funded accounts, then
/// submits the standard workload mix at a target rate and prints what came back.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Generate a workload against a running sequencer and measure it.",
        discussion: """
            Setup: the --faucet key stores the workload's three rules programs and funds --accounts new \
            accounts; they found --zones zones and register and join --resources datasets and --engines \
            workflow engines. Run: batches of --batch transactions of the standard mix (40% execution \
            requests, 50% execution reports, transfers, credentials, joins) go to POST /v1/txs/binary at \
            --rate transactions per second, --concurrency batches in flight, for --duration seconds. A summary \
            line every --report-every seconds and at the end: submitted, confirmed, failed and refused (by \
            code), confirmations per second, and the latency from request to signed confirmation (p50, p99). \
            Exits 1 if the sequencer cannot be reached or setup fails, 2 if any transaction of the run was \
            refused or failed.
            """)

    @OptionGroup var home: HomeOption
    @Option(help: "The keyring key that funds the workload's accounts.") var faucet = "faucet"
    @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"
    @Option(help: "The target rate, transactions per second (0: as fast as the sequencer answers).")
    var rate: Double = 500
    @Option(help: "How long to submit, in seconds (setup not included).") var duration: Double = 30
    @Option(help: "Stop after this many transactions (in whole batches), even before --duration.") var count: Int?
    @Option(help: "Batches in flight at once.") var concurrency = 4
    @Option(help: "Transactions per batch.") var batch = 50
    @Option(help: "Workload accounts (founders, providers, engine controllers and consumers).") var accounts = 300
    @Option(help: "Zones.") var zones = 10
    @Option(help: "Datasets (at least one per zone).") var resources = 40
    @Option(help: "Workflow engines.") var engines = 4
    @Option(help: "What the faucet gives each account, in base units.") var fund = "100000000"
    @Option(
        help: FeeArgument.help(auto: "the sequencer's full_fuel_fee, which buys all the fuel a transaction may use"))
    var fee = "auto"
    @Option(help: "The accounts' key seed (default: a fresh one, so every run has new accounts).") var seed: String?
    @Option(name: .customLong("report-every"), help: "Seconds between progress lines.") var reportEvery: Double = 5

    /// The plan and settings the options describe, checked.
    func plan(chainID: String) throws -> (LoadPlan, Workload.Settings) {
        var plan = LoadPlan()
        guard rate >= 0, rate.isFinite else { throw ValidationError("--rate must be 0 or more") }
        guard duration > 0, duration <= 1_000_000 else {
            throw ValidationError("--duration must be positive and at most 1000000 seconds")
        }
        guard reportEvery > 0, reportEvery <= 86_400 else {
            throw ValidationError("--report-every must be positive and at most 86400 seconds")
        }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 256") }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be 1 to 10000") }
        plan.rate = rate
        plan.durationSeconds = duration
        plan.maxTransactions = count
        plan.concurrency = concurrency
        plan.batchSize = batch
        plan.population = Workload.Population(accounts: accounts, zones: zones, resources: resources, engines: engines)
        guard plan.population.isValid else {
            throw ValidationError(
                "the population needs --zones > 0, --resources >= --zones, --engines > 0 and --accounts above "
                    + "zones + resources + engines + 10")
        }
        guard let funding = Amount(decimal: fund), funding > 0 else {
            throw ValidationError("--fund \"\(fund)\" must be a positive decimal number of base units")
        }
        plan.funding = funding
        var settings = Workload.Settings()
        settings.chainID = chainID
        if case .amount(let amount) = try FeeArgument(fee) { settings.fee = amount }
        settings.keySeed = seed ?? "strata-load-\(UInt64.random(in: 0...UInt64.max))"
        settings.credentialLifetimeMillis = 60_000
        return (plan, settings)
    }

    /// Refuses, before any transaction is sent, a fee the sequencer would refuse (below its minimum) and a
    /// funding that cannot pay even one fee (every transaction needs its whole fee in the balance to be admitted).
    static func check(fee: Amount, funding: Amount, minimumFee: Amount) throws {
        guard fee >= minimumFee else {
            throw CLIError("--fee \(fee.value) is below the sequencer's minimum fee \(minimumFee.value)")
        }
        guard funding > fee else {
            throw CLIError(
                "--fund \(funding.value) does not cover the fee \(fee.value) each transaction must hold (the fee "
                    + "auto picks is the sequencer's full_fuel_fee; give --fund more or --fee less)")
        }
    }

    func run() async throws {
        let paths = L2NodeHome(home.home)
        try KeysCommand<Home>.checkName(faucet)
        let client = try HTTPClient(node)
        var (plan, settings) = try plan(chainID: "")  // Checks the options before any request.
        let chain = try await client.status()
        settings.chainID = chain.chainID
        settings.fee = try FeeArgument(fee).resolve(auto: chain.fullFuelFee)
        try Self.check(fee: settings.fee, funding: plan.funding, minimumFee: chain.minimumFee)
        let key = try AccountKeyFile.load(paths.accountKeyFile(faucet)).key()
        let generator = LoadGenerator(
            plan: plan, settings: settings, target: HTTPLoadTarget(client: client), faucet: key,
            faucetNonce: try await client.nextNonce(of: key.publicKey.address), clock: Sequencer.wallClockMillis)
        print(
            "load: \(chain.chainID) at \(node): \(accounts) accounts, \(zones) zones, \(resources) datasets, "
                + "\(engines) engines; \(rate) tx/s for \(duration) s, batches of \(batch), \(concurrency) in flight")
        let setupStart = ContinuousClock.now
        let setupCount: Int
        do { setupCount = try await generator.setUp() } catch let error as LoadError { throw CLIError("\(error)") }
        let setupMillis = setupStart.duration(to: .now) / .milliseconds(1)
        print("setup: \(setupCount) transactions confirmed in \(Int(setupMillis)) ms")
        let summary = try await generator.run(progressSeconds: reportEvery) { summary in
            print("  \(summary.line)")
        }
        print("final: \(summary.line)")
        print("mix:   \(summary.mix)")
        guard summary.refused == 0, summary.failed == 0 else { throw ExitCode(2) }
    }
}
