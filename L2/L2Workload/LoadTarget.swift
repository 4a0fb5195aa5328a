import Common
import L2Runtime

/// What the sequencer answered for one submitted transaction.
public enum LoadOutcome: Hashable, Sendable {
    /// A signed soft confirmation: the transaction is in a block, successful (`nil`) or failed with a reason.
    case confirmed(FailureReason?)
    /// The sequencer refused it (an ingest error code: a rejection, a full mempool, a malformed request, ...).
    case refused(code: Int, name: String)
}

/// Where a load goes: a sequencer that takes batches of signed transactions and answers one outcome each, in
/// order. `l2d load` implements it over `POST /v1/txs/binary`; tests over an in-process sequencer.
public protocol LoadTarget: Sendable {
    /// Submits `batch`; returns one outcome per transaction, in order. Throws when the sequencer cannot be
    /// reached or answers something that is not a batch result.
    func submit(_ batch: [SignedTransaction]) async throws -> [LoadOutcome]
}

/// The shape of a load run.
public struct LoadPlan: Sendable {
    /// The target rate in transactions per second; 0 submits as fast as the sequencer answers.
    public var rate: Double = 500
    /// How long the measured run submits, in seconds (setup not included).
    public var durationSeconds: Double = 30
    /// The most transactions the run submits, if capped: the run ends at whichever comes first, this or the
    /// duration (a count makes a run's size independent of the machine's speed).
    public var maxTransactions: Int?
    /// Batches in flight at once.
    public var concurrency = 4
    /// Transactions per batch.
    public var batchSize = 50
    /// What the faucet gives each workload account at setup.
    public var funding: Amount = 100_000_000
    /// The population set up before the run.
    public var population = Workload.Population(accounts: 300, zones: 10, resources: 40, engines: 4)

    /// The default plan: 500 tx/s for 30 s, 4 batches of 50 in flight, 300 accounts, 10 zones, 40 datasets,
    /// 4 engines.
    public init() {}
}

/// Why a load run stopped.
public enum LoadError: Error, CustomStringConvertible {
    /// A setup transaction was refused or failed: the population could not be built.
    case setupFailed(transaction: Int, kind: TransactionKind, outcome: LoadOutcome)
    /// The target answered a different number of outcomes than transactions sent.
    case wrongAnswerCount(sent: Int, answered: Int)

    /// What went wrong, for the operator.
    public var description: String {
        switch self {
        case .setupFailed(let transaction, let kind, let outcome):
            "setup transaction \(transaction) (\(kind.name)) did not succeed: \(outcome); is the faucet funded, "
                + "and is --fee at least the rollup's minimum fee?"
        case .wrongAnswerCount(let sent, let answered):
            "the sequencer answered \(answered) results for a batch of \(sent)"
        }
    }
}
