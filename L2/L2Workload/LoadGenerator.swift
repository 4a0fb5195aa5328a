import Common
import L2Runtime

/// Drives a ``Workload`` against a running sequencer: funds the workload's accounts from a faucet key, stores
/// its programs and builds its population with ordinary transactions (``setUp()``), then submits the
/// ``Workload/Mix/standard`` mix at a target rate with several batches in flight (``run(progress:)``), counting
/// confirmations, refusals and latencies in a ``LoadSummary``.
///
/// Batches are generated one after the other and may reach the sequencer out of order: a sender's later
/// nonce waits in the sequencer's mempool for the earlier one, and a report names only an order whose request
/// is in a batch the sequencer has already confirmed (with every batch before it), so that no transaction of
/// a run depends on one still in flight.
public actor LoadGenerator {
    private var workload: Workload
    private let target: any LoadTarget
    private let plan: LoadPlan
    private let faucet: AccountPrivateKey
    private var faucetNonce: UInt64
    private let clock: @Sendable () -> UInt64
    private var summary = LoadSummary()
    private var started: ContinuousClock.Instant?
    /// The next batch to generate, the checkpoint after each batch generated, and which are answered.
    private var nextBatch = 0
    private var checkpoints: [Int: Workload.Checkpoint] = [:]
    private var answered: Set<Int> = []
    private var settledBatches = 0
    private var settled = Workload.Checkpoint.start

    /// A generator for `plan` sending to `target`; `faucet` (whose next nonce is `faucetNonce`) funds the
    /// accounts. `settings` name the sequencer's chain id and fee and the accounts' key seed; `clock` is the
    /// sequencer's time in milliseconds (deadlines and credentials are computed from it).
    public init(
        plan: LoadPlan, settings: Workload.Settings, target: any LoadTarget, faucet: AccountPrivateKey,
        faucetNonce: UInt64, clock: @escaping @Sendable () -> UInt64
    ) {
        self.plan = plan
        self.workload = Workload(population: plan.population, settings: settings)
        self.target = target
        self.faucet = faucet
        self.faucetNonce = faucetNonce
        self.clock = clock
    }

    /// The counts so far.
    public var current: LoadSummary {
        var snapshot = summary
        if let started { snapshot.elapsedSeconds = started.duration(to: .now).inSeconds }
        return snapshot
    }

    /// Stores the programs and funds every account (faucet transactions), then founds the zones, registers
    /// and joins the datasets and engines, one batch after the other. Returns the number of setup
    /// transactions; throws ``LoadError/setupFailed(transaction:kind:outcome:)`` on the first that does not
    /// succeed.
    @discardableResult
    public func setUp() async throws -> Int {
        var faucetTransactions = Workload.programs.map { source in
            faucetSigned(.storeProgram, StoreProgramPayload(source: source))
        }
        for address in workload.addresses {
            faucetTransactions.append(
                faucetSigned(.transfer, TransferPayload(recipient: address, amount: plan.funding)))
        }
        workload.setClock(clock())
        let batches = Workload.chunks(faucetTransactions, plan.batchSize) + workload.setupBlocks(size: plan.batchSize)
        var count = 0
        for batch in batches {
            let outcomes = try await submit(batch)
            for (transaction, outcome) in zip(batch, outcomes) {
                guard outcome == .confirmed(nil) else {
                    throw LoadError.setupFailed(
                        transaction: count, kind: transaction.transaction.kind, outcome: outcome)
                }
                count += 1
            }
        }
        return count
    }

    /// Submits the standard mix for the plan's duration at its rate, `concurrency` batches at a time, then
    /// waits for the batches in flight. Calls `progress` with the counts every `progressSeconds`.
    public func run(progressSeconds: Double = 5, progress: @escaping @Sendable (LoadSummary) -> Void = { _ in })
        async throws -> LoadSummary
    {
        let start = ContinuousClock.now
        started = start
        summary = LoadSummary()
        settled = workload.checkpoint
        let reporter = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(Int(max(progressSeconds, 0.1) * 1000)))
                progress(current)
            }
        }
        defer { reporter.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(plan.concurrency, 1) {
                group.addTask { try await self.submitBatches(from: start) }
            }
            try await group.waitForAll()
        }
        return current
    }

    /// One worker: takes the next batch when it is due, submits it, records the answer; until the run ends.
    private func submitBatches(from start: ContinuousClock.Instant) async throws {
        while let next = takeBatch(start: start) {
            let (index, batch, due) = next
            if due > .now { try await Task.sleep(until: due) }
            summary.submitted += batch.count
            for transaction in batch { summary.submittedByKind[transaction.transaction.kind, default: 0] += 1 }
            let sent = ContinuousClock.now
            let outcomes = try await submit(batch)
            record(index, outcomes, latency: sent.duration(to: .now).inSeconds)
        }
    }

    /// The next batch, its index and when it is due, or `nil` once the run's duration (or count) is over.
    private func takeBatch(start: ContinuousClock.Instant) -> (Int, [SignedTransaction], ContinuousClock.Instant)? {
        let offset = plan.rate > 0 ? Double(nextBatch * plan.batchSize) / plan.rate : 0
        guard offset < plan.durationSeconds, start.duration(to: .now) < .seconds(plan.durationSeconds),
            plan.maxTransactions.map({ nextBatch * plan.batchSize < $0 }) ?? true
        else {
            return nil
        }
        workload.setClock(clock())
        workload.reportable = settled
        let batch = workload.block(mix: .standard, count: plan.batchSize)
        let index = nextBatch
        nextBatch += 1
        checkpoints[index] = workload.checkpoint
        return (index, batch, start.advanced(by: .milliseconds(Int(offset * 1000))))
    }

    /// Counts a batch's outcomes and moves the settled checkpoint past every batch answered in order.
    private func record(_ index: Int, _ outcomes: [LoadOutcome], latency: Double) {
        summary.record(outcomes, latency: latency)
        answered.insert(index)
        while answered.remove(settledBatches) != nil {
            if let checkpoint = checkpoints.removeValue(forKey: settledBatches) { settled = checkpoint }
            settledBatches += 1
        }
    }

    private func submit(_ batch: [SignedTransaction]) async throws -> [LoadOutcome] {
        let outcomes = try await target.submit(batch)
        guard outcomes.count == batch.count else {
            throw LoadError.wrongAnswerCount(sent: batch.count, answered: outcomes.count)
        }
        return outcomes
    }

    private func faucetSigned(_ kind: TransactionKind, _ payload: some CanonicalEncodable) -> SignedTransaction {
        defer { faucetNonce += 1 }
        return workload.signed(by: faucet, nonce: faucetNonce, kind, payload)
    }
}
