/// The tuples of one predicate, in the order they were added (which is deterministic), with a membership set
/// and an index on the first argument. The set and the index are only ever looked up, never iterated.
///
/// A small relation (most context relations hold one tuple) is searched linearly, and the set and the index
/// are built only once it passes ``linearLimit`` tuples: the answers, and their order, are the same either way.
struct RuleRelation: Sendable {
    /// The most tuples searched linearly before the set and the index are built.
    static let linearLimit = 8

    private(set) var tuples: [[RuleTerm]] = []
    private var indexed = false
    private var members: Set<[RuleTerm]> = []
    private var byFirst: [RuleTerm: [Int]] = [:]

    func contains(_ tuple: [RuleTerm]) -> Bool {
        indexed ? members.contains(tuple) : tuples.contains(tuple)
    }

    /// Adds `tuple`; false when it was already there.
    @discardableResult
    mutating func insert(_ tuple: [RuleTerm]) -> Bool {
        if indexed {
            guard members.insert(tuple).inserted else {
                return false
            }
            if let first = tuple.first {
                byFirst[first, default: []].append(tuples.count)
            }
            tuples.append(tuple)
            return true
        }
        guard !tuples.contains(tuple) else {
            return false
        }
        tuples.append(tuple)
        if tuples.count > Self.linearLimit {
            buildIndexes()
        }
        return true
    }

    /// The positions of the tuples whose first argument is `first`, in insertion order.
    func positions(first: RuleTerm) -> [Int] {
        if indexed {
            return byFirst[first] ?? []
        }
        return tuples.indices.filter { tuples[$0].first == first }
    }

    private mutating func buildIndexes() {
        indexed = true
        members = Set(tuples)
        for (position, tuple) in tuples.enumerated() {
            if let first = tuple.first {
                byFirst[first, default: []].append(position)
            }
        }
    }
}
