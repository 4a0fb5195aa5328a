/// Bottom-up, semi-naive evaluation of a stratified program, stratum by stratum, to a fixed point.
///
/// Fuel: 1 per candidate tuple tried against a body literal (positive or negated), 1 per comparison,
/// 1 per rule firing (body satisfied) and 1 more per new tuple stored. Context facts are loaded for free.
/// Every loop runs over arrays in a deterministic order; hashed collections are only looked up.
struct RuleEvaluator {
    private let clauses: [RuleClause]
    private let maxTuples: Int
    private let action: RuleTerm
    /// The context facts by predicate, as loaded (shared with the loaded context, never changed here).
    private let context: [PredicateKey: RuleRelation]
    /// The relations of predicates with derived tuples; one the context also has starts from its tuples.
    private var derived: [PredicateKey: RuleRelation] = [:]
    private var storedTuples = 0
    private let fuel: UInt64
    private(set) var fuelUsed: UInt64 = 0

    // The round being computed: new tuples in order, and a set to deduplicate them once there are more than
    // `RuleRelation.linearLimit` (fewer are searched linearly, with the same answers).
    private var pending: [(PredicateKey, [RuleTerm])] = []
    private var pendingSet: Set<RuleFact> = []

    // The lowest clause index that fired a deciding permit / deny.
    private var permitRule: Int?
    private var denyRule: Int?

    init(clauses: [RuleClause], limits: RuleLimits, context: LoadedRuleContext, fuel: UInt64) {
        self.clauses = clauses
        maxTuples = limits.maxDerivedTuples
        action = context.context.action
        self.fuel = fuel
        self.context = context.relations
    }

    /// The tuples known for `key`: derived ones (with the context's), or the context's.
    private func knownRelation(_ key: PredicateKey) -> RuleRelation? {
        derived[key] ?? context[key]
    }

    mutating func run(strata: [RuleStratum]) -> RuleDecision {
        do {
            for stratum in strata {
                try evaluate(stratum)
            }
        } catch {
            return .failed(error)
        }
        if let denyRule {
            return .denied(rule: denyRule)
        }
        if let permitRule {
            return .permitted(rule: permitRule)
        }
        return .notPermitted
    }

    private mutating func spend() throws(RuleEvaluationFailure) {
        guard fuelUsed < fuel else {
            throw .outOfFuel
        }
        fuelUsed += 1
    }

    private mutating func evaluate(_ stratum: RuleStratum) throws(RuleEvaluationFailure) {
        for index in stratum.clauses {
            try solve(clauses[index], delta: nil)
        }
        var delta = try commit()
        while !delta.isEmpty {
            for index in stratum.clauses {
                let clause = clauses[index]
                for (position, literal) in clause.body.enumerated() {
                    guard case .positive(let atom) = literal, stratum.predicates.contains(atom.predicate),
                        let tuples = delta[atom.predicate]
                    else { continue }
                    try solve(clause, delta: (position, tuples))
                }
            }
            delta = try commit()
        }
    }

    /// Moves the round's new tuples into the relations; returns them by predicate (only looked up).
    private mutating func commit() throws(RuleEvaluationFailure) -> RuleDelta {
        var delta = RuleDelta()
        for (key, tuple) in pending {
            if derived[key] == nil, let known = context[key] {
                derived[key] = known
            }
            derived[key, default: RuleRelation()].insert(tuple)
            delta.append(tuple, to: key)
        }
        pending.removeAll(keepingCapacity: true)
        pendingSet.removeAll(keepingCapacity: true)
        return delta
    }

    private mutating func solve(_ clause: RuleClause, delta: (position: Int, tuples: [[RuleTerm]])?)
        throws(RuleEvaluationFailure)
    {
        var bindings = [RuleTerm?](repeating: nil, count: clause.variableNames.count)
        try step(clause, 0, &bindings, delta)
    }

    private mutating func step(
        _ clause: RuleClause, _ position: Int, _ bindings: inout [RuleTerm?],
        _ delta: (position: Int, tuples: [[RuleTerm]])?
    ) throws(RuleEvaluationFailure) {
        guard position < clause.body.count else {
            try fire(clause, bindings)
            return
        }
        switch clause.body[position] {
        case .positive(let atom):
            var bound: [Int] = []
            if let delta, delta.position == position {
                for tuple in delta.tuples {
                    try spend()
                    if match(atom.arguments, tuple, &bindings, &bound) {
                        try step(clause, position + 1, &bindings, delta)
                    }
                    unbind(&bindings, &bound)
                }
                return
            }
            guard let relation = knownRelation(atom.predicate) else {
                return
            }
            if let first = atom.arguments.first, let key = Self.value(first, bindings) {
                for index in relation.positions(first: key) {
                    try spend()
                    if match(atom.arguments, relation.tuples[index], &bindings, &bound) {
                        try step(clause, position + 1, &bindings, delta)
                    }
                    unbind(&bindings, &bound)
                }
            } else {
                for tuple in relation.tuples {
                    try spend()
                    if match(atom.arguments, tuple, &bindings, &bound) {
                        try step(clause, position + 1, &bindings, delta)
                    }
                    unbind(&bindings, &bound)
                }
            }
        case .negative(let atom):
            if try !exists(atom, bindings) {
                try step(clause, position + 1, &bindings, delta)
            }
        case .comparison(let op, let lhs, let rhs):
            try spend()
            if let a = Self.value(lhs, bindings), let b = Self.value(rhs, bindings), op.holds(a, b) {
                try step(clause, position + 1, &bindings, delta)
            }
        }
    }

    /// Whether a tuple matching `atom` (under `bindings`, `_` matching anything) is known.
    private mutating func exists(_ atom: RuleAtom, _ bindings: [RuleTerm?]) throws(RuleEvaluationFailure) -> Bool {
        guard let relation = knownRelation(atom.predicate) else {
            try spend()
            return false
        }
        var ground: [RuleTerm] = []
        for argument in atom.arguments {
            guard let value = Self.value(argument, bindings) else { break }
            ground.append(value)
        }
        if ground.count == atom.arguments.count {
            try spend()
            return relation.contains(ground)
        }
        var scratch = bindings
        var bound: [Int] = []
        let candidates: [Int] =
            if let first = ground.first { relation.positions(first: first) } else { Array(relation.tuples.indices) }
        for index in candidates {
            try spend()
            if match(atom.arguments, relation.tuples[index], &scratch, &bound) {
                return true
            }
            unbind(&scratch, &bound)
        }
        return false
    }

    private mutating func fire(_ clause: RuleClause, _ bindings: [RuleTerm?]) throws(RuleEvaluationFailure) {
        try spend()
        var tuple: [RuleTerm] = []
        tuple.reserveCapacity(clause.head.arguments.count)
        for argument in clause.head.arguments {
            // Safety guarantees every head variable is bound here.
            guard let value = Self.value(argument, bindings) else { return }
            tuple.append(value)
        }
        let key = clause.head.predicate
        if key.arity == 0 || (key.arity == 1 && tuple[0] == action) {
            if key.name == "permit" {
                permitRule = min(permitRule ?? clause.index, clause.index)
            } else if key.name == "deny" {
                denyRule = min(denyRule ?? clause.index, clause.index)
            }
        }
        if knownRelation(key)?.contains(tuple) == true {
            return
        }
        guard isNewPending(key, tuple) else {
            return
        }
        try spend()
        guard storedTuples < maxTuples else {
            throw .limitExceeded(.derivedTuples, limit: maxTuples)
        }
        storedTuples += 1
        pending.append((key, tuple))
    }

    /// Whether `tuple` of `key` is not yet pending in this round (then it is remembered as pending).
    private mutating func isNewPending(_ key: PredicateKey, _ tuple: [RuleTerm]) -> Bool {
        if pending.count < RuleRelation.linearLimit {
            return !pending.contains { $0.0 == key && $0.1 == tuple }
        }
        if pendingSet.isEmpty {
            for (knownKey, knownTuple) in pending {
                pendingSet.insert(RuleFact(knownKey.name, knownTuple))
            }
        }
        return pendingSet.insert(RuleFact(key.name, tuple)).inserted
    }

    private static func value(_ argument: RuleArgument, _ bindings: [RuleTerm?]) -> RuleTerm? {
        switch argument {
        case .constant(let term): term
        case .variable(let number): bindings[number]
        case .wildcard: nil
        }
    }

    private func match(
        _ arguments: [RuleArgument], _ tuple: [RuleTerm], _ bindings: inout [RuleTerm?], _ bound: inout [Int]
    ) -> Bool {
        for (argument, value) in zip(arguments, tuple) {
            switch argument {
            case .constant(let term):
                if term != value { return false }
            case .wildcard:
                continue
            case .variable(let number):
                if let existing = bindings[number] {
                    if existing != value { return false }
                } else {
                    bindings[number] = value
                    bound.append(number)
                }
            }
        }
        return true
    }

    private func unbind(_ bindings: inout [RuleTerm?], _ bound: inout [Int]) {
        for number in bound {
            bindings[number] = nil
        }
        bound.removeAll(keepingCapacity: true)
    }
}

/// The tuples a round derived, by predicate, in the order they were derived; only looked up (a few
/// predicates, searched linearly).
struct RuleDelta {
    private var entries: [(key: PredicateKey, tuples: [[RuleTerm]])] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func append(_ tuple: [RuleTerm], to key: PredicateKey) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].tuples.append(tuple)
        } else {
            entries.append((key, [tuple]))
        }
    }

    subscript(key: PredicateKey) -> [[RuleTerm]]? {
        entries.first { $0.key == key }?.tuples
    }
}
