/// How long each step waits before giving up on the round, growing by a delta per round (CometBFT's defaults).
public struct TimeoutConfig: Hashable, Sendable {
    /// Wait for the proposal in round 0.
    public var propose: Duration
    /// Added to `propose` per round.
    public var proposeDelta: Duration
    /// Wait after +2/3 prevotes of mixed content.
    public var prevote: Duration
    /// Added to `prevote` per round.
    public var prevoteDelta: Duration
    /// Wait after +2/3 precommits of mixed content.
    public var precommit: Duration
    /// Added to `precommit` per round.
    public var precommitDelta: Duration
    /// Wait after a commit before starting the next height (gathers late precommits; paces blocks).
    public var commit: Duration

    /// Timeouts; the defaults are propose 3 s, prevote 1 s, precommit 1 s, commit 1 s, +500 ms per round.
    public init(
        propose: Duration = .seconds(3), proposeDelta: Duration = .milliseconds(500),
        prevote: Duration = .seconds(1), prevoteDelta: Duration = .milliseconds(500),
        precommit: Duration = .seconds(1), precommitDelta: Duration = .milliseconds(500),
        commit: Duration = .seconds(1)
    ) {
        self.propose = propose
        self.proposeDelta = proposeDelta
        self.prevote = prevote
        self.prevoteDelta = prevoteDelta
        self.precommit = precommit
        self.precommitDelta = precommitDelta
        self.commit = commit
    }

    /// The wait of `step` in `round`.
    public func duration(of step: TimeoutStep, round: Round) -> Duration {
        let r = Int(min(round.rawValue, 10_000))
        switch step {
        case .propose: return propose + proposeDelta * r
        case .prevote: return prevote + prevoteDelta * r
        case .precommit: return precommit + precommitDelta * r
        }
    }
}

/// The step a timeout belongs to.
public enum TimeoutStep: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// Waiting for the round's proposal.
    case propose = 1
    /// Waiting for prevotes to settle after +2/3 of any.
    case prevote = 2
    /// Waiting for precommits to settle after +2/3 of any.
    case precommit = 3

    public var description: String {
        switch self {
        case .propose: "propose"
        case .prevote: "prevote"
        case .precommit: "precommit"
        }
    }
}

/// A scheduled timeout: when it fires, the node feeds it back to the engine as an input.
public struct Timeout: Hashable, Sendable, CustomStringConvertible {
    /// The height it was scheduled in.
    public let height: Height
    /// The round it was scheduled in.
    public let round: Round
    /// The step it guards.
    public let step: TimeoutStep

    /// A timeout.
    public init(height: Height, round: Round, step: TimeoutStep) {
        self.height = height
        self.round = round
        self.step = step
    }

    public var description: String { "timeout(\(step) h=\(height) r=\(round))" }
}
