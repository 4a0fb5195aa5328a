/// A request context's facts loaded into relations, ready to evaluate: the host loads a context once and
/// evaluates several programs on it (a zone's rules, each resource's consent, an engine's admission) without
/// building, sorting and numbering the facts again for each.
///
/// The relations hold exactly the tuples ``RuleEvaluator`` would load from ``RuleContext/facts``, in the same
/// (sorted) order, with their atoms and strings numbered in ``symbols``: an evaluation on a loaded context gives
/// the same decision and spends the same fuel as one on the context itself.
struct LoadedRuleContext: Sendable {
    /// The context the relations were loaded from.
    let context: RuleContext
    /// The atoms and strings of the context's facts.
    let symbols: RuleSymbols
    /// The requested action, as a value of ``symbols``.
    let action: RuleValue
    /// The context facts by predicate, each relation in ``RuleFact`` order; the predicates in the order
    /// they were first loaded (a context has a handful, so they are searched linearly).
    let relations: [(key: PredicateKey, relation: RuleRelation)]

    private static let resourceKey = PredicateKey(name: "resource", arity: 1)

    /// Loads `context`'s facts.
    ///
    /// Each predicate's tuples are sorted and deduplicated on their own: ``RuleContext/facts`` orders facts by
    /// predicate, arity, then arguments, so within one relation this is the same order without comparing the
    /// predicates of every pair.
    init(_ context: RuleContext) {
        var groups: [(key: PredicateKey, tuples: [[RuleTerm]])] = []
        func add(_ predicate: String, _ arguments: [RuleTerm]) {
            let key = PredicateKey(name: predicate, arity: arguments.count)
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].tuples.append(arguments)
            } else {
                groups.append((key, [arguments]))
            }
        }
        add("action", [context.action])
        add("subject", [context.subject])
        add("time", [.integer(context.time)])
        if let zone = context.zone {
            add("zone", [zone])
        }
        if let resource = context.resource {
            add("resource", [resource])
        }
        for balance in context.balances {
            add("balance", [balance.account, .integer(balance.amount)])
        }
        for credential in context.credentials {
            add("credential", [credential.holder, credential.type, credential.issuer])
        }
        for fact in context.extraFacts {
            add(fact.predicate, fact.arguments)
        }
        var symbols = RuleSymbols()
        var relations: [(key: PredicateKey, relation: RuleRelation)] = []
        relations.reserveCapacity(groups.count)
        for (key, tuples) in groups {
            var relation = RuleRelation(arity: key.arity)
            for tuple in tuples.count > 1 ? tuples.sorted(by: { $0.lexicographicallyPrecedes($1) }) : tuples {
                relation.insert(tuple.map { symbols.intern($0) })
            }
            relations.append((key, relation))
        }
        self.context = context
        self.action = symbols.intern(context.action)
        self.symbols = symbols
        self.relations = relations
    }

    private init(
        context: RuleContext, symbols: RuleSymbols, action: RuleValue,
        relations: [(key: PredicateKey, relation: RuleRelation)]
    ) {
        self.context = context
        self.symbols = symbols
        self.action = action
        self.relations = relations
    }

    /// The facts of `key`, or nil when the context has none.
    func relation(_ key: PredicateKey) -> RuleRelation? {
        relations.first { $0.key == key }?.relation
    }

    /// This context with its resource set to `resource` (or to none).
    ///
    /// When neither this context's resource nor its extra facts supply a `resource/1` fact, that relation holds
    /// exactly the new resource and nothing else changes, so it is set without reloading the other facts.
    func with(resource: RuleTerm?) -> LoadedRuleContext {
        var context = self.context
        context.resource = resource
        let extraResource = context.extraFacts.contains { $0.predicate == "resource" && $0.arguments.count == 1 }
        guard self.context.resource == nil, !extraResource else {
            return LoadedRuleContext(context)
        }
        guard let resource else {
            return LoadedRuleContext(context: context, symbols: symbols, action: action, relations: relations)
        }
        var symbols = self.symbols
        var relation = RuleRelation(arity: 1)
        relation.insert([symbols.intern(resource)])
        // The guard above leaves no resource/1 relation to replace.
        var relations = self.relations
        relations.append((Self.resourceKey, relation))
        return LoadedRuleContext(context: context, symbols: symbols, action: action, relations: relations)
    }
}
