/// A program in the form the evaluator runs: every predicate named by a number (its slot), so evaluation
/// looks relations up in an array instead of hashing names; every atom and string constant named by its
/// position in ``constants``, which an evaluation numbers once against its context's symbols; and the facts
/// that decide a request (`permit`/`deny`, with or without an action) marked on their clauses.
///
/// Slots and constants are numbered in order of first appearance (each clause's head, then its body, clause
/// by clause), so the compiled form, like the program, is the same in every process.
struct CompiledRules: Sendable {
    /// What firing a clause decides.
    enum Decides: Sendable {
        case nothing
        /// `permit` or `deny` without arguments: it decides for every action.
        case always(permit: Bool)
        /// `permit(A)` or `deny(A)`: it decides when `A` is the requested action.
        case forAction(permit: Bool)
    }

    enum Argument: Sendable {
        case integer(Int64)
        /// An atom or string: its position in ``constants``.
        case constant(Int)
        case variable(Int)
        case wildcard
    }

    struct Atom: Sendable {
        var slot: Int
        var arguments: [Argument]
    }

    enum Literal: Sendable {
        /// A positive literal, with the variables it binds: those that no earlier positive literal of the body
        /// names (negations and comparisons never bind).
        case positive(Atom, binds: [Int])
        /// A negated literal: safety leaves no variable of it unbound, only `_`.
        case negative(Atom)
        case comparison(RuleComparison, Argument, Argument)
    }

    struct Clause: Sendable {
        /// The 0-based position of the clause in the source (what a decision names).
        var index: Int
        var head: Atom
        var body: [Literal]
        var variableCount: Int
        var decides: Decides
        /// The positions of the positive body literals whose predicate is defined in the clause's own stratum:
        /// where a round's new tuples are joined in (semi-naive evaluation).
        var recursivePositions: [Int]
    }

    /// The predicates by slot.
    let predicates: [PredicateKey]
    /// The atoms and strings the clauses name, each once.
    let constants: [RuleTerm]
    /// By slot: whether some body literal looks the predicate up by a first argument already known (a
    /// constant, or a variable bound before it), so its relation is worth an index on the first value.
    let looksUpByFirst: [Bool]
    /// The clauses, in source order.
    let clauses: [Clause]
    /// For each stratum, in evaluation order, the positions of its clauses in ``clauses``.
    let strata: [[Int]]

    init(clauses source: [RuleClause], strata: [RuleStratum]) {
        var predicates: [PredicateKey] = []
        var slots: [PredicateKey: Int] = [:]
        func slot(_ key: PredicateKey) -> Int {
            if let slot = slots[key] {
                return slot
            }
            slots[key] = predicates.count
            predicates.append(key)
            return predicates.count - 1
        }
        var constants: [RuleTerm] = []
        var constantPositions: [RuleTerm: Int] = [:]
        func argument(_ argument: RuleArgument) -> Argument {
            switch argument {
            case .constant(.integer(let integer)): return .integer(integer)
            case .constant(let term):
                if let position = constantPositions[term] {
                    return .constant(position)
                }
                constantPositions[term] = constants.count
                constants.append(term)
                return .constant(constants.count - 1)
            case .variable(let number): return .variable(number)
            case .wildcard: return .wildcard
            }
        }
        func atom(_ atom: RuleAtom) -> Atom {
            Atom(slot: slot(atom.predicate), arguments: atom.arguments.map(argument))
        }
        var stratumOf: [PredicateKey: Int] = [:]
        for (number, stratum) in strata.enumerated() {
            for index in stratum.clauses {
                stratumOf[source[index].head.predicate] = number
            }
        }
        var clauses: [Clause] = []
        clauses.reserveCapacity(source.count)
        for clause in source {
            let head = atom(clause.head)
            var body: [Literal] = []
            var recursive: [Int] = []
            var bound = Set<Int>()
            for (position, literal) in clause.body.enumerated() {
                switch literal {
                case .positive(let positive):
                    var binds: [Int] = []
                    for case .variable(let number) in positive.arguments where bound.insert(number).inserted {
                        binds.append(number)
                    }
                    body.append(.positive(atom(positive), binds: binds))
                    if stratumOf[positive.predicate] == stratumOf[clause.head.predicate] {
                        recursive.append(position)
                    }
                case .negative(let negative):
                    body.append(.negative(atom(negative)))
                case .comparison(let op, let lhs, let rhs):
                    body.append(.comparison(op, argument(lhs), argument(rhs)))
                }
            }
            clauses.append(
                Clause(
                    index: clause.index, head: head, body: body, variableCount: clause.variableNames.count,
                    decides: Self.decides(clause.head.predicate), recursivePositions: recursive))
        }
        var looksUpByFirst = [Bool](repeating: false, count: predicates.count)
        for clause in clauses {
            for literal in clause.body {
                switch literal {
                case .positive(let atom, let binds):
                    if let first = atom.arguments.first, Self.isKnown(first, binds: binds) {
                        looksUpByFirst[atom.slot] = true
                    }
                case .negative(let atom):
                    if let first = atom.arguments.first, Self.isKnown(first, binds: []) {
                        looksUpByFirst[atom.slot] = true
                    }
                case .comparison: continue
                }
            }
        }
        self.predicates = predicates
        self.constants = constants
        self.looksUpByFirst = looksUpByFirst
        self.clauses = clauses
        self.strata = strata.map(\.clauses)
    }

    /// Whether `argument` has a value when its literal is reached: a constant, or a variable the literal does
    /// not bind.
    private static func isKnown(_ argument: Argument, binds: [Int]) -> Bool {
        switch argument {
        case .integer, .constant: true
        case .variable(let number): !binds.contains(number)
        case .wildcard: false
        }
    }

    private static func decides(_ key: PredicateKey) -> Decides {
        guard key.name == "permit" || key.name == "deny" else {
            return .nothing
        }
        switch key.arity {
        case 0: return .always(permit: key.name == "permit")
        case 1: return .forAction(permit: key.name == "permit")
        default: return .nothing
        }
    }
}
