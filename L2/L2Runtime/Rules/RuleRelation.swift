/// The tuples of one predicate, in the order they were added (which is deterministic), with a membership set
/// and an index on the first argument. The set and the index are only ever looked up, never iterated.
struct RuleRelation: Sendable {
    private(set) var tuples: [[RuleTerm]] = []
    private var members: Set<[RuleTerm]> = []
    private var byFirst: [RuleTerm: [Int]] = [:]

    func contains(_ tuple: [RuleTerm]) -> Bool {
        members.contains(tuple)
    }

    /// Adds `tuple`; false when it was already there.
    @discardableResult
    mutating func insert(_ tuple: [RuleTerm]) -> Bool {
        guard members.insert(tuple).inserted else {
            return false
        }
        if let first = tuple.first {
            byFirst[first, default: []].append(tuples.count)
        }
        tuples.append(tuple)
        return true
    }

    /// The positions of the tuples whose first argument is `first`, in insertion order.
    func positions(first: RuleTerm) -> [Int] {
        byFirst[first] ?? []
    }
}
