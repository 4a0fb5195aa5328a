/// Bottom-up, semi-naive evaluation of a stratified program, stratum by stratum, to a fixed point.
///
/// Fuel: 1 per candidate tuple tried against a body literal (positive or negated), 1 per comparison,
/// 1 per rule firing (body satisfied) and 1 more per new tuple stored. Context facts are loaded for free.
/// Every loop runs over arrays in a deterministic order; hashed collections are only looked up.
struct RuleEvaluator {
    private typealias Clause = CompiledRules.Clause
    private typealias Atom = CompiledRules.Atom

    private let rules: CompiledRules
    private let maxTuples: Int
    private let action: RuleTerm
    /// The known tuples by predicate slot: the context's, then the derived ones added to them. A relation
    /// is never empty once it holds a tuple; an empty one is a predicate with no tuples at all.
    private var relations: [RuleRelation]
    private var storedTuples = 0
    private let fuel: UInt64
    private(set) var fuelUsed: UInt64 = 0

    // The round being computed: new tuples in order, and a set to deduplicate them once there are more than
    // `RuleRelation.linearLimit` (fewer are searched linearly, with the same answers).
    private var pending: [(slot: Int, tuple: [RuleTerm])] = []
    private var pendingSet: Set<PendingTuple> = []

    // The lowest clause index that fired a deciding permit / deny.
    private var permitRule: Int?
    private var denyRule: Int?

    init(rules: CompiledRules, limits: RuleLimits, context: LoadedRuleContext, fuel: UInt64) {
        self.rules = rules
        maxTuples = limits.maxDerivedTuples
        action = context.context.action
        self.fuel = fuel
        relations = rules.predicates.map { context.relation($0) ?? RuleRelation() }
    }

    mutating func run() -> RuleDecision {
        do {
            for stratum in rules.strata {
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

    private mutating func evaluate(_ stratum: [Int]) throws(RuleEvaluationFailure) {
        for index in stratum {
            try solve(rules.clauses[index], delta: nil)
        }
        var delta = try commit()
        while !delta.isEmpty {
            for index in stratum {
                let clause = rules.clauses[index]
                for position in clause.recursivePositions {
                    guard case .positive(let atom) = clause.body[position], let tuples = delta[atom.slot] else {
                        continue
                    }
                    try solve(clause, delta: (position, tuples))
                }
            }
            delta = try commit()
        }
    }

    /// Moves the round's new tuples into the relations; returns them by predicate slot.
    private mutating func commit() throws(RuleEvaluationFailure) -> RuleDelta {
        var delta = RuleDelta(slots: relations.count)
        for (slot, tuple) in pending {
            relations[slot].insert(tuple)
            delta.append(tuple, to: slot)
        }
        pending.removeAll(keepingCapacity: true)
        pendingSet.removeAll(keepingCapacity: true)
        return delta
    }

    private mutating func solve(_ clause: Clause, delta: (position: Int, tuples: [[RuleTerm]])?)
        throws(RuleEvaluationFailure)
    {
        var bindings = [RuleTerm?](repeating: nil, count: clause.variableCount)
        try step(clause, 0, &bindings, delta)
    }

    private mutating func step(
        _ clause: Clause, _ position: Int, _ bindings: inout [RuleTerm?],
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
            let relation = relations[atom.slot]
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
    private mutating func exists(_ atom: Atom, _ bindings: [RuleTerm?]) throws(RuleEvaluationFailure) -> Bool {
        let relation = relations[atom.slot]
        guard !relation.tuples.isEmpty else {
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

    private mutating func fire(_ clause: Clause, _ bindings: [RuleTerm?]) throws(RuleEvaluationFailure) {
        try spend()
        var tuple: [RuleTerm] = []
        tuple.reserveCapacity(clause.head.arguments.count)
        for argument in clause.head.arguments {
            // Safety guarantees every head variable is bound here.
            guard let value = Self.value(argument, bindings) else { return }
            tuple.append(value)
        }
        switch clause.decides {
        case .nothing: break
        case .always(let permit): decide(permit: permit, rule: clause.index)
        case .forAction(let permit): if tuple[0] == action { decide(permit: permit, rule: clause.index) }
        }
        let slot = clause.head.slot
        if relations[slot].contains(tuple) {
            return
        }
        guard isNewPending(slot, tuple) else {
            return
        }
        try spend()
        guard storedTuples < maxTuples else {
            throw .limitExceeded(.derivedTuples, limit: maxTuples)
        }
        storedTuples += 1
        pending.append((slot, tuple))
    }

    private mutating func decide(permit: Bool, rule: Int) {
        if permit {
            permitRule = min(permitRule ?? rule, rule)
        } else {
            denyRule = min(denyRule ?? rule, rule)
        }
    }

    /// Whether `tuple` of the predicate in `slot` is not yet pending in this round (then it is remembered as
    /// pending).
    private mutating func isNewPending(_ slot: Int, _ tuple: [RuleTerm]) -> Bool {
        if pending.count < RuleRelation.linearLimit {
            return !pending.contains { $0.slot == slot && $0.tuple == tuple }
        }
        if pendingSet.isEmpty {
            for (knownSlot, knownTuple) in pending {
                pendingSet.insert(PendingTuple(slot: knownSlot, tuple: knownTuple))
            }
        }
        return pendingSet.insert(PendingTuple(slot: slot, tuple: tuple)).inserted
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

/// A tuple pending in a round, with its predicate's slot (for the set a large round deduplicates with).
private struct PendingTuple: Hashable {
    var slot: Int
    var tuple: [RuleTerm]
}

/// The tuples a round derived, by predicate slot, in the order they were derived.
struct RuleDelta {
    private var tuples: [[[RuleTerm]]]
    private(set) var isEmpty = true

    init(slots: Int) {
        tuples = Array(repeating: [], count: slots)
    }

    mutating func append(_ tuple: [RuleTerm], to slot: Int) {
        tuples[slot].append(tuple)
        isEmpty = false
    }

    /// The tuples derived for `slot`, or nil when there are none.
    subscript(slot: Int) -> [[RuleTerm]]? {
        tuples[slot].isEmpty ? nil : tuples[slot]
    }
}
