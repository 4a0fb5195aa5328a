/// A predicate by name and arity (`member/1`); `foo/1` and `foo/2` are different predicates.
struct PredicateKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    var name: String
    var arity: Int

    static func < (lhs: PredicateKey, rhs: PredicateKey) -> Bool {
        if lhs.name != rhs.name {
            return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        return lhs.arity < rhs.arity
    }

    var description: String { "\(RuleTerm.atom(name))/\(arity)" }
}

/// An argument of a literal: a ground term, a clause variable (by number) or the anonymous variable `_`.
enum RuleArgument: Hashable, Sendable {
    case constant(RuleTerm)
    case variable(Int)
    case wildcard
}

/// A comparison built-in.
enum RuleComparison: String, Hashable, Sendable {
    case equal = "="
    case notEqual = "\\="
    case less = "<"
    case lessOrEqual = "=<"
    case greater = ">"
    case greaterOrEqual = ">="

    func holds(_ lhs: RuleValue, _ rhs: RuleValue) -> Bool {
        switch self {
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        default: break
        }
        guard case .integer(let a) = lhs, case .integer(let b) = rhs else {
            return false
        }
        switch self {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }
}

/// A predicate applied to arguments.
struct RuleAtom: Hashable, Sendable {
    var predicate: PredicateKey
    var arguments: [RuleArgument]
}

/// One body literal.
enum RuleLiteral: Hashable, Sendable {
    case positive(RuleAtom)
    case negative(RuleAtom)
    case comparison(RuleComparison, RuleArgument, RuleArgument)
}

/// A parsed clause: a head and a body (empty for a fact), with its variables numbered from 0.
struct RuleClause: Hashable, Sendable {
    /// The 0-based position of the clause in the source.
    var index: Int
    var location: RuleSourceLocation
    var head: RuleAtom
    /// The body in evaluation order: each negation and comparison right after the positive literals that
    /// bind its variables (see `RuleSafety`).
    var body: [RuleLiteral]
    /// Variable names by number (for messages).
    var variableNames: [String]
}
