/// A program in the form the evaluator runs: every predicate named by a number (its slot), so evaluation
/// looks relations up in an array instead of hashing names, and the facts that decide a request
/// (`permit`/`deny`, with or without an action) marked on their clauses.
///
/// Slots are numbered in order of first appearance (each clause's head, then its body, clause by clause),
/// so the compiled form, like the program, is the same in every process.
struct CompiledRules: Sendable {
    /// What firing a clause decides.
    enum Decides: Sendable {
        case nothing
        /// `permit` or `deny` without arguments: it decides for every action.
        case always(permit: Bool)
        /// `permit(A)` or `deny(A)`: it decides when `A` is the requested action.
        case forAction(permit: Bool)
    }

    struct Atom: Sendable {
        var slot: Int
        var arguments: [RuleArgument]
    }

    enum Literal: Sendable {
        case positive(Atom)
        case negative(Atom)
        case comparison(RuleComparison, RuleArgument, RuleArgument)
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
        func atom(_ atom: RuleAtom) -> Atom {
            Atom(slot: slot(atom.predicate), arguments: atom.arguments)
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
            for (position, literal) in clause.body.enumerated() {
                switch literal {
                case .positive(let positive):
                    body.append(.positive(atom(positive)))
                    if stratumOf[positive.predicate] == stratumOf[clause.head.predicate] {
                        recursive.append(position)
                    }
                case .negative(let negative):
                    body.append(.negative(atom(negative)))
                case .comparison(let op, let lhs, let rhs):
                    body.append(.comparison(op, lhs, rhs))
                }
            }
            clauses.append(
                Clause(
                    index: clause.index, head: head, body: body, variableCount: clause.variableNames.count,
                    decides: Self.decides(clause.head.predicate), recursivePositions: recursive))
        }
        self.predicates = predicates
        self.clauses = clauses
        self.strata = strata.map(\.clauses)
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
