/// The tuples of one predicate, in the order they were added (which is deterministic), with a membership
/// table and an index on the first argument. The table and the index are only ever looked up, never iterated.
///
/// A small relation (most context relations hold one tuple) is searched linearly, and the table and the index
/// are built only once it passes ``linearLimit`` tuples: the answers, and their order, are the same either way.
struct RuleRelation: Sendable {
    /// The most tuples searched linearly before the table and the index are built.
    static let linearLimit = 8

    private(set) var tuples: RuleTuples
    /// Whether the first-value index is kept once the relation is indexed (a relation no literal looks up by a
    /// bound first argument does without it, and its lookups by first value scan).
    private let indexesFirst: Bool
    /// Open addressing: tuple positions plus one (0 is empty), at a load of at most one half.
    private var table: [Int32] = []
    /// For each first value, the first and last positions of the tuples that start with it; and for each
    /// position, the next position with the same first value (-1 at the end).
    private var firstRange: [RuleValue: (head: Int32, tail: Int32)] = [:]
    private var nextSameFirst: [Int32] = []

    init(arity: Int, indexesFirst: Bool = true) {
        tuples = RuleTuples(arity: arity)
        self.indexesFirst = indexesFirst
    }

    private var indexed: Bool { !table.isEmpty }

    func contains(_ tuple: some Collection<RuleValue>) -> Bool {
        guard indexed else {
            return (0..<tuples.count).contains { tuples.tuple($0, equals: tuple) }
        }
        return probe(tuple).found
    }

    /// Adds `tuple` (of this relation's arity); false when it was already there.
    @discardableResult
    mutating func insert(_ tuple: some Collection<RuleValue>) -> Bool {
        guard indexed else {
            guard !contains(tuple) else {
                return false
            }
            tuples.append(tuple)
            if tuples.count > Self.linearLimit {
                buildIndexes()
            }
            return true
        }
        let (found, slot) = probe(tuple)
        guard !found else {
            return false
        }
        tuples.append(tuple)
        let position = tuples.count - 1
        if tuples.count * 2 > table.count {
            table = Self.table(for: tuples)
        } else {
            table[slot] = Int32(position + 1)
        }
        indexFirst(position)
        return true
    }

    /// Where `tuple` is in the table, or the empty slot where it would go.
    private func probe(_ tuple: some Collection<RuleValue>) -> (found: Bool, slot: Int) {
        var slot = Self.hash(tuple) & (table.count - 1)
        while table[slot] != 0 {
            if tuples.tuple(Int(table[slot]) - 1, equals: tuple) {
                return (true, slot)
            }
            slot = (slot + 1) & (table.count - 1)
        }
        return (false, slot)
    }

    /// The positions of the tuples whose first argument is `first` (of every tuple when `first` is nil), in
    /// insertion order.
    func positions(first: RuleValue?) -> Positions {
        guard let first, indexed, indexesFirst else {
            return Positions(relation: self, first: first, position: 0, linear: true)
        }
        return Positions(relation: self, first: first, position: Int(firstRange[first]?.head ?? -1), linear: false)
    }

    struct Positions: Sequence, IteratorProtocol {
        fileprivate let relation: RuleRelation
        /// The first value asked for (nil: any).
        fileprivate let first: RuleValue?
        /// The next position to look at (linear), or the next one to give (indexed; -1 at the end).
        fileprivate var position: Int
        fileprivate let linear: Bool

        mutating func next() -> Int? {
            if linear {
                while position < relation.tuples.count {
                    defer { position += 1 }
                    if first == nil || relation.tuples.first(position) == first {
                        return position
                    }
                }
                return nil
            }
            guard position >= 0 else {
                return nil
            }
            defer { position = Int(relation.nextSameFirst[position]) }
            return position
        }
    }

    /// One word per value, and the values' kinds folded into one more: a tuple costs `arity + 1` combines.
    private static func hash(_ tuple: some Collection<RuleValue>) -> Int {
        var hasher = Hasher()
        var kinds: UInt64 = 0
        for value in tuple {
            switch value {
            case .integer(let integer):
                hasher.combine(integer)
                kinds = kinds << 1
            case .symbol(let number):
                hasher.combine(number)
                kinds = kinds << 1 | 1
            }
        }
        hasher.combine(kinds)
        return hasher.finalize()
    }

    private mutating func buildIndexes() {
        table = Self.table(for: tuples)
        for position in 0..<tuples.count {
            indexFirst(position)
        }
    }

    /// A table holding every tuple, at most half full.
    private static func table(for tuples: RuleTuples) -> [Int32] {
        var capacity = 32
        while capacity < tuples.count * 2 {
            capacity *= 2
        }
        var table = [Int32](repeating: 0, count: capacity)
        for position in 0..<tuples.count {
            place(position, hash: hash(tuples[position]), in: &table)
        }
        return table
    }

    private static func place(_ position: Int, hash: Int, in table: inout [Int32]) {
        var slot = hash & (table.count - 1)
        while table[slot] != 0 {
            slot = (slot + 1) & (table.count - 1)
        }
        table[slot] = Int32(position + 1)
    }

    private mutating func indexFirst(_ position: Int) {
        guard indexesFirst, tuples.arity > 0 else {
            return
        }
        nextSameFirst.append(-1)
        let first = tuples.first(position)
        if let range = firstRange[first] {
            nextSameFirst[Int(range.tail)] = Int32(position)
            firstRange[first] = (range.head, Int32(position))
        } else {
            firstRange[first] = (Int32(position), Int32(position))
        }
    }
}
