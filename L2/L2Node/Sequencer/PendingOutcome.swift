import Synchronization

/// What became of a submitted transaction: accepted into a block at a log position (durable once the log
/// reaches it), or refused.
public enum TransactionOutcome: Hashable, Sendable {
    /// Ordered into a block; confirmable once ``GroupCommitLog/durablePosition`` reaches `position`.
    case accepted(SoftConfirmation, position: UInt64)
    /// Not taken, for this reason.
    case refused(IngestError)
}

/// The answer to one submission, filled in by the sequencer when the transaction executes (at once, or when
/// its nonce gap fills) and awaited by whoever submitted it.
public final class PendingOutcome: Sendable {
    private struct State {
        var outcome: TransactionOutcome?
        var waiters: [CheckedContinuation<TransactionOutcome, Never>] = []
    }

    private let state = Mutex(State())

    /// A pending outcome, or one that is `outcome` already.
    public init(_ outcome: TransactionOutcome? = nil) {
        state.withLock { $0.outcome = outcome }
    }

    /// Sets the outcome (the first one set wins) and wakes the waiters.
    public func fulfill(_ outcome: TransactionOutcome) {
        let waiters = state.withLock { state -> [CheckedContinuation<TransactionOutcome, Never>] in
            guard state.outcome == nil else { return [] }
            state.outcome = outcome
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }

    /// The outcome, if it is known.
    public var current: TransactionOutcome? { state.withLock { $0.outcome } }

    /// Waits for the outcome.
    public func value() async -> TransactionOutcome {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> TransactionOutcome? in
                if let outcome = state.outcome { return outcome }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
