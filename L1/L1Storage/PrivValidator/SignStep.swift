/// The consensus step a signature is for, in the order a validator signs them within a round.
///
/// The raw values are those of CometBFT's `priv_validator_state.json` (`1` proposal, `2` prevote,
/// `3` precommit).
public enum SignStep: UInt8, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// The proposer's signed block proposal.
    case proposal = 1
    /// A prevote.
    case prevote = 2
    /// A precommit.
    case precommit = 3

    /// Orders steps as a round runs them: proposal, prevote, precommit.
    public static func < (lhs: SignStep, rhs: SignStep) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// `"proposal"`, `"prevote"` or `"precommit"`.
    public var description: String {
        switch self {
        case .proposal: "proposal"
        case .prevote: "prevote"
        case .precommit: "precommit"
        }
    }
}
