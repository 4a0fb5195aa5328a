/// Tuples of one arity stored flat, one after the other in a single array: a relation of `n` tuples is one
/// allocation, not `n + 1`. Tuple `i` is `values[i * arity ..< (i + 1) * arity]`.
struct RuleTuples: Sendable {
    let arity: Int
    private(set) var values: [RuleValue] = []
    /// The number of tuples (kept apart from `values` for arity 0, whose tuples hold no values).
    private(set) var count = 0

    init(arity: Int) {
        self.arity = arity
    }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> ArraySlice<RuleValue> {
        values[index * arity..<(index + 1) * arity]
    }

    /// The first value of tuple `index` (the tuple must have one).
    func first(_ index: Int) -> RuleValue {
        values[index * arity]
    }

    mutating func append(_ tuple: some Collection<RuleValue>) {
        values.append(contentsOf: tuple)
        count += 1
    }

    /// Whether tuple `index` is `tuple`.
    func tuple(_ index: Int, equals tuple: some Collection<RuleValue>) -> Bool {
        self[index].elementsEqual(tuple)
    }
}
