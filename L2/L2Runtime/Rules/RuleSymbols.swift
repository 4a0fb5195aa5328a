/// The atoms and strings of a request context, numbered in the order they were first met (which is
/// deterministic: the context's facts are loaded in a fixed order).
///
/// A context has a handful of symbols, which are searched linearly; a table that grows past ``linearLimit``
/// builds an index then and keeps it up to date.
struct RuleSymbols: Sendable {
    /// The most symbols searched linearly.
    static let linearLimit = 16

    /// The terms by number.
    private(set) var terms: [RuleTerm] = []
    private var numbers: [RuleTerm: Int] = [:]

    var count: Int { terms.count }

    /// The value of `term`, or nil for an atom or string this table does not hold.
    func value(of term: RuleTerm) -> RuleValue? {
        if case .integer(let integer) = term {
            return .integer(integer)
        }
        if terms.count <= Self.linearLimit {
            return terms.firstIndex(of: term).map(RuleValue.symbol)
        }
        return numbers[term].map(RuleValue.symbol)
    }

    /// The value of `term`, numbering it if it is a new atom or string.
    mutating func intern(_ term: RuleTerm) -> RuleValue {
        if let value = value(of: term) {
            return value
        }
        terms.append(term)
        if terms.count > Self.linearLimit {
            if numbers.isEmpty {
                for (number, known) in terms.enumerated() {
                    numbers[known] = number
                }
            } else {
                numbers[term] = terms.count - 1
            }
        }
        return .symbol(terms.count - 1)
    }
}
