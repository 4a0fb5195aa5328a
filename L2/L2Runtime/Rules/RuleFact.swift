/// A ground fact: a predicate name applied to ground terms, such as `member(alice)`.
///
/// Facts are ordered by predicate name (UTF-8 bytes), then arity, then arguments in ``RuleTerm`` order,
/// so a sorted list of facts is the same on every platform and in every process.
public struct RuleFact: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The predicate name.
    public var predicate: String
    /// The arguments, in order.
    public var arguments: [RuleTerm]

    /// Creates the fact `predicate(arguments...)`.
    public init(_ predicate: String, _ arguments: [RuleTerm] = []) {
        self.predicate = predicate
        self.arguments = arguments
    }

    /// Predicate name, then arity, then arguments.
    public static func < (lhs: RuleFact, rhs: RuleFact) -> Bool {
        if lhs.predicate != rhs.predicate {
            return lhs.predicate.utf8.lexicographicallyPrecedes(rhs.predicate.utf8)
        }
        if lhs.arguments.count != rhs.arguments.count {
            return lhs.arguments.count < rhs.arguments.count
        }
        return lhs.arguments.lexicographicallyPrecedes(rhs.arguments)
    }

    /// The fact in source syntax, without the final period.
    public var description: String {
        let name = RuleTerm.atom(predicate).description
        if arguments.isEmpty {
            return name
        }
        return name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
    }
}
