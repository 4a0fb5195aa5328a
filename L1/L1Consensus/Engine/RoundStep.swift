/// Where a validator is within a round.
public enum RoundStep: UInt8, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Waiting for (or making) the round's proposal.
    case propose = 1
    /// Prevoted; waiting for prevotes.
    case prevote = 2
    /// Precommitted; waiting for precommits.
    case precommit = 3
    /// The height is decided.
    case commit = 4

    public static func < (lhs: RoundStep, rhs: RoundStep) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .propose: "propose"
        case .prevote: "prevote"
        case .precommit: "precommit"
        case .commit: "commit"
        }
    }
}
