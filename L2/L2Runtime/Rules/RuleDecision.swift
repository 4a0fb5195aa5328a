/// Why an evaluation stopped before it reached its fixed point.
public enum RuleEvaluationFailure: Error, Hashable, Sendable {
    /// The fuel given to ``RuleProgram/evaluate(context:fuel:)`` ran out.
    case outOfFuel
    /// A cap of ``RuleLimits`` was exceeded while evaluating (``RuleLimitKind/derivedTuples``).
    case limitExceeded(RuleLimitKind, limit: Int)
}

/// A program's answer to a request.
///
/// `deny` wins over `permit`; a request with neither is not permitted. The rule index is the 0-based
/// position of the clause in the source (facts count) that derived the deciding fact; when several did,
/// the lowest index.
public enum RuleDecision: Hashable, Sendable {
    /// A `permit` fact was derived and no `deny` fact was.
    case permitted(rule: Int)
    /// A `deny` fact was derived.
    case denied(rule: Int)
    /// Neither `permit` nor `deny` was derived.
    case notPermitted
    /// The evaluation stopped before its fixed point; a failed evaluation never permits.
    case failed(RuleEvaluationFailure)

    /// Whether the request may go ahead.
    public var isPermitted: Bool {
        if case .permitted = self {
            return true
        }
        return false
    }
}

/// The result of evaluating a program: its decision and the fuel it used.
public struct RuleEvaluation: Hashable, Sendable {
    /// The decision.
    public var decision: RuleDecision
    /// The fuel used, at most the fuel given.
    public var fuelUsed: UInt64

    /// Creates an evaluation result.
    public init(decision: RuleDecision, fuelUsed: UInt64) {
        self.decision = decision
        self.fuelUsed = fuelUsed
    }
}
