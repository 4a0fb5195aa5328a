/// Bottom-up, semi-naive evaluation of a stratified program, stratum by stratum, to a fixed point.
///
/// Fuel: 1 per candidate tuple tried against a body literal (positive or negated), 1 per comparison,
/// 1 per rule firing (body satisfied) and 1 more per new tuple stored. Context facts are loaded for free.
/// Every loop runs over arrays in a deterministic order; hashed collections are only looked up. Terms are
/// ``RuleValue``s: the program's constants are numbered against the context's symbols when the evaluation
/// starts, a constant the context does not hold after them. Tuples are stored flat (``RuleTuples``), and a
/// firing builds its head in one reused buffer, so deriving a tuple allocates nothing of its own.
struct RuleEvaluator {
    private typealias Clause = CompiledRules.Clause
    private typealias Atom = CompiledRules.Atom
    private typealias Argument = CompiledRules.Argument

    private let rules: CompiledRules
    private let maxTuples: Int
    private let action: RuleValue
    /// The values of the program's constants, by position.
    private let constants: [RuleValue]
    /// The known tuples by predicate slot: the context's, then the derived ones added to them.
    private var relations: [RuleRelation]
    private var storedTuples = 0
    private let fuel: UInt64
    private(set) var fuelUsed: UInt64 = 0

    // The round being computed: its new tuples by predicate slot, and the order they were derived in
    // (slot, position in that slot's pending relation).
    private var pending: [RuleRelation]
    private var pendingOrder: [(slot: Int, position: Int)] = []
    /// The head of the clause firing, reused from one firing to the next.
    private var head: [RuleValue] = []

    // The lowest clause index that fired a deciding permit / deny.
    private var permitRule: Int?
    private var denyRule: Int?

    init(rules: CompiledRules, limits: RuleLimits, context: LoadedRuleContext, fuel: UInt64) {
        self.rules = rules
        maxTuples = limits.maxDerivedTuples
        action = context.action
        self.fuel = fuel
        relations = rules.predicates.indices.map { slot in
            let key = rules.predicates[slot]
            return context.relation(key) ?? RuleRelation(arity: key.arity, indexesFirst: rules.looksUpByFirst[slot])
        }
        pending = Self.emptyRound(rules)
        // The constants are distinct, so each one the context lacks gets a number of its own.
        var unknown = context.symbols.count
        constants = rules.constants.map { constant in
            if let value = context.symbols.value(of: constant) {
                return value
            }
            defer { unknown += 1 }
            return .symbol(unknown)
        }
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
        while let delta = commit() {
            for index in stratum {
                let clause = rules.clauses[index]
                for position in clause.recursivePositions {
                    guard case .positive(let atom, _) = clause.body[position], !delta[atom.slot].tuples.isEmpty
                    else { continue }
                    try solve(clause, delta: (position, delta[atom.slot]))
                }
            }
        }
    }

    /// Moves the round's new tuples into the relations, in the order they were derived; returns them by
    /// predicate slot, or nil when the round derived nothing.
    private mutating func commit() -> [RuleRelation]? {
        guard !pendingOrder.isEmpty else {
            return nil
        }
        for (slot, position) in pendingOrder {
            relations[slot].insert(pending[slot].tuples[position])
        }
        let delta = pending
        pending = Self.emptyRound(rules)
        pendingOrder.removeAll(keepingCapacity: true)
        return delta
    }

    /// A round's pending relations, empty: only ever looked up whole (membership) and iterated, never by
    /// first value.
    private static func emptyRound(_ rules: CompiledRules) -> [RuleRelation] {
        rules.predicates.map { RuleRelation(arity: $0.arity, indexesFirst: false) }
    }

    /// Runs `clause`; with `delta`, the body literal at its position reads only the last round's new tuples.
    private mutating func solve(_ clause: Clause, delta: (position: Int, relation: RuleRelation)?)
        throws(RuleEvaluationFailure)
    {
        var bindings = [RuleValue?](repeating: nil, count: clause.variableCount)
        try step(clause, 0, &bindings, delta)
    }

    private mutating func step(
        _ clause: Clause, _ position: Int, _ bindings: inout [RuleValue?],
        _ delta: (position: Int, relation: RuleRelation)?
    ) throws(RuleEvaluationFailure) {
        guard position < clause.body.count else {
            try fire(clause, bindings)
            return
        }
        switch clause.body[position] {
        case .positive(let atom, let binds):
            // The last round's new tuples are all tried; known ones are looked up by a known first argument.
            let relation: RuleRelation
            let first: RuleValue?
            if let delta, delta.position == position {
                (relation, first) = (delta.relation, nil)
            } else {
                (relation, first) = (relations[atom.slot], atom.arguments.first.flatMap { value($0, bindings) })
            }
            for index in relation.positions(first: first) {
                try spend()
                if match(atom.arguments, relation.tuples[index], &bindings) {
                    try step(clause, position + 1, &bindings, delta)
                }
                for number in binds { bindings[number] = nil }
            }
        case .negative(let atom):
            if try !exists(atom, bindings) {
                try step(clause, position + 1, &bindings, delta)
            }
        case .comparison(let op, let lhs, let rhs):
            try spend()
            if let a = value(lhs, bindings), let b = value(rhs, bindings), op.holds(a, b) {
                try step(clause, position + 1, &bindings, delta)
            }
        }
    }

    /// Whether a tuple matching `atom` (under `bindings`, `_` matching anything) is known. Every variable of a
    /// negated literal is bound (``RuleSafety``), so only wildcards are left open.
    private mutating func exists(_ atom: Atom, _ bindings: [RuleValue?]) throws(RuleEvaluationFailure) -> Bool {
        let relation = relations[atom.slot]
        guard !relation.tuples.isEmpty else {
            try spend()
            return false
        }
        var ground: [RuleValue] = []
        ground.reserveCapacity(atom.arguments.count)
        for argument in atom.arguments {
            guard let value = value(argument, bindings) else { break }
            ground.append(value)
        }
        if ground.count == atom.arguments.count {
            try spend()
            return relation.contains(ground)
        }
        // Only wildcards are open, so a match binds nothing and a failed one leaves nothing to unbind.
        var scratch = bindings
        for index in relation.positions(first: ground.first) {
            try spend()
            if match(atom.arguments, relation.tuples[index], &scratch) {
                return true
            }
        }
        return false
    }

    private mutating func fire(_ clause: Clause, _ bindings: [RuleValue?]) throws(RuleEvaluationFailure) {
        try spend()
        head.removeAll(keepingCapacity: true)
        for argument in clause.head.arguments {
            // Safety guarantees every head variable is bound here.
            guard let value = value(argument, bindings) else { return }
            head.append(value)
        }
        switch clause.decides {
        case .nothing: break
        case .always(let permit): decide(permit: permit, rule: clause.index)
        case .forAction(let permit): if head[0] == action { decide(permit: permit, rule: clause.index) }
        }
        let slot = clause.head.slot
        guard !relations[slot].contains(head), pending[slot].insert(head) else {
            return
        }
        try spend()
        guard storedTuples < maxTuples else {
            throw .limitExceeded(.derivedTuples, limit: maxTuples)
        }
        storedTuples += 1
        pendingOrder.append((slot, pending[slot].tuples.count - 1))
    }

    private mutating func decide(permit: Bool, rule: Int) {
        if permit {
            permitRule = min(permitRule ?? rule, rule)
        } else {
            denyRule = min(denyRule ?? rule, rule)
        }
    }

    private func value(_ argument: Argument, _ bindings: [RuleValue?]) -> RuleValue? {
        switch argument {
        case .integer(let integer): .integer(integer)
        case .constant(let position): constants[position]
        case .variable(let number): bindings[number]
        case .wildcard: nil
        }
    }

    /// Whether `tuple` matches `arguments`, binding the unbound variables it meets (the caller unbinds them).
    private func match(
        _ arguments: [Argument], _ tuple: ArraySlice<RuleValue>, _ bindings: inout [RuleValue?]
    ) -> Bool {
        for (argument, value) in zip(arguments, tuple) {
            switch argument {
            case .integer(let integer):
                if value != .integer(integer) { return false }
            case .constant(let position):
                if value != constants[position] { return false }
            case .wildcard:
                continue
            case .variable(let number):
                if let existing = bindings[number] {
                    if existing != value { return false }
                } else {
                    bindings[number] = value
                }
            }
        }
        return true
    }
}
