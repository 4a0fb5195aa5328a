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
    /// The context facts by predicate, each relation in ``RuleFact`` order.
    let relations: [PredicateKey: RuleRelation]

    private static let resourceKey = PredicateKey(name: "resource", arity: 1)

    /// Loads `context`'s facts.
    init(_ context: RuleContext) {
        var relations: [PredicateKey: RuleRelation] = [:]
        for fact in context.facts {
            relations[PredicateKey(name: fact.predicate, arity: fact.arguments.count), default: RuleRelation()]
                .insert(fact.arguments)
        }
        self.context = context
        self.relations = relations
    }

    private init(context: RuleContext, relations: [PredicateKey: RuleRelation]) {
        self.context = context
        self.relations = relations
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
        var relations = self.relations
        var relation = RuleRelation()
        relation.insert([resource])
        relations[Self.resourceKey] = relation
        return LoadedRuleContext(context: context, relations: relations)
    }
}
