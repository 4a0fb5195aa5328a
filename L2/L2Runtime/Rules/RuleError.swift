/// A place in a program's source: 1-based line and column (columns count characters, not bytes).
public struct RuleSourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// Why a program was rejected when it was parsed and stored.
public enum RuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The source is not valid UTF-8 (only from ``RuleProgram/decode(_:limits:)``).
    case invalidUTF8
    /// The text does not follow the grammar: what was expected, and what was found instead.
    case syntax(RuleSourceLocation, expected: String, found: String)
    /// A term is not allowed: a function symbol (compound term), a float, or an integer outside Int64.
    case invalidTerm(RuleSourceLocation, reason: String)
    /// A variable of a rule head, negated literal or comparison does not occur in a positive body literal.
    case unsafeVariable(RuleSourceLocation, variable: String, clause: Int)
    /// A clause defines a context predicate (`action/1`, `subject/1`, ...) that only the host may supply.
    case reservedPredicate(RuleSourceLocation, predicate: String)
    /// Negation goes through a recursive cycle: these predicates (`name/arity`, sorted) depend on each other
    /// and one of those dependencies is negated.
    case notStratifiable(cycle: [String])
    /// A size cap was exceeded (at the given place, when there is one).
    case limitExceeded(RuleLimitKind, limit: Int, at: RuleSourceLocation?)

    /// A message for the program's author.
    public var description: String {
        switch self {
        case .invalidUTF8:
            return "rules source is not valid UTF-8"
        case .syntax(let at, let expected, let found):
            return "\(at): expected \(expected), found \(found)"
        case .invalidTerm(let at, let reason):
            return "\(at): \(reason)"
        case .unsafeVariable(let at, let variable, let clause):
            return "\(at): unsafe variable \(variable) in clause \(clause): it must occur in a positive body literal"
        case .reservedPredicate(let at, let predicate):
            return "\(at): \(predicate) is a context predicate supplied by the host; a program cannot define it"
        case .notStratifiable(let cycle):
            return "negation is not stratifiable: \(cycle.joined(separator: ", ")) depend on each other through \\+"
        case .limitExceeded(let kind, let limit, let at):
            let place = at.map { "\($0): " } ?? ""
            return "\(place)\(kind.rawValue) limit \(limit) exceeded"
        }
    }
}
