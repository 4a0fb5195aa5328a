/// A request context's facts loaded into relations, ready to evaluate: the host loads a context once and
/// evaluates several programs on it (a zone's rules, each resource's consent, an engine's admission) without
/// building and sorting the facts again for each.
///
/// The relations are exactly those ``RuleEvaluator`` would load from ``RuleContext/facts``: the same tuples in
/// the same (sorted) order, so an evaluation on a loaded context gives the same decision and spends the same
/// fuel as one on the context itself.
struct LoadedRuleContext: Sendable {
    /// The context the relations were loaded from.
    let context: RuleContext
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
        var relations: [(key: PredicateKey, relation: RuleRelation)] = []
        relations.reserveCapacity(groups.count)
        for (key, tuples) in groups {
            var relation = RuleRelation()
            for tuple in tuples.count > 1 ? tuples.sorted(by: { $0.lexicographicallyPrecedes($1) }) : tuples {
                relation.insert(tuple)
            }
            relations.append((key, relation))
        }
        self.context = context
        self.relations = relations
    }

    private init(context: RuleContext, relations: [(key: PredicateKey, relation: RuleRelation)]) {
        self.context = context
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
            return LoadedRuleContext(context: context, relations: relations)
        }
        var relation = RuleRelation()
        relation.insert([resource])
        var relations = self.relations
        if let index = relations.firstIndex(where: { $0.key == Self.resourceKey }) {
            relations[index].relation = relation
        } else {
            relations.append((Self.resourceKey, relation))
        }
        return LoadedRuleContext(context: context, relations: relations)
    }
}
