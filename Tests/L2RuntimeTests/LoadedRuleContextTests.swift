import Common
import Testing

@testable import L2Runtime

@Suite("Loaded rules contexts")
struct LoadedRuleContextTests {
    /// The relations the evaluator loaded before contexts were loaded once: every fact of ``RuleContext/facts``,
    /// in order, into its predicate's relation.
    static func reference(_ context: RuleContext) -> [PredicateKey: [[RuleTerm]]] {
        var relations: [PredicateKey: [[RuleTerm]]] = [:]
        for fact in context.facts {
            relations[PredicateKey(name: fact.predicate, arity: fact.arguments.count), default: []]
                .append(fact.arguments)
        }
        return relations
    }

    static func tuples(_ loaded: LoadedRuleContext) -> [PredicateKey: [[RuleTerm]]] {
        Dictionary(
            uniqueKeysWithValues: loaded.relations.map { key, relation in
                (key, (0..<relation.tuples.count).map { relation.tuples[$0].map { term($0, loaded.symbols) } })
            })
    }

    /// The term `value` stands for in `symbols`.
    static func term(_ value: RuleValue, _ symbols: RuleSymbols) -> RuleTerm {
        switch value {
        case .integer(let integer): .integer(integer)
        case .symbol(let number): symbols.terms[number]
        }
    }

    static let contexts: [RuleContext] = [
        RuleContext(action: .atom("read"), subject: .atom("alice")),
        RuleContext(
            action: .atom("execute"), subject: .atom("bob"), zone: .atom("z1"), time: 1_767_225_600,
            balances: [
                .init(account: .atom("bob"), amount: 500), .init(account: .atom("alice"), amount: -3),
                .init(account: .atom("bob"), amount: 500),
            ],
            credentials: [
                .init(holder: .atom("bob"), type: .atom("kyc"), issuer: .atom("zed")),
                .init(holder: .atom("bob"), type: .atom("access"), issuer: .atom("amy")),
                .init(holder: .atom("bob"), type: .atom("kyc"), issuer: .atom("zed")),
            ],
            extraFacts: [
                RuleFact("payment", [.integer(200)]), RuleFact("engine", [.atom("e1")]),
                RuleFact("payment", [.integer(-5)]), RuleFact("action", [.atom("audit")]),
                RuleFact("action", [.atom("execute")]), RuleFact("note", [.string("x"), .integer(1)]),
                RuleFact("note", [.integer(1)]),
            ]),
        RuleContext(
            action: .atom("join"), subject: .atom("carol"), resource: .atom("r9"),
            extraFacts: [RuleFact("resource", [.atom("r1")]), RuleFact("resource", [.atom("r9")])]),
        RuleContext(
            action: .atom("join"), subject: .atom("carol"), extraFacts: [RuleFact("resource", [.atom("r5")])]),
        // More symbols than RuleSymbols searches linearly.
        RuleContext(
            action: .atom("read"), subject: .atom("dan"),
            balances: (0..<30).map { .init(account: .atom("acct\($0 % 20)"), amount: Int64($0)) },
            extraFacts: (0..<12).map { RuleFact("tag", [.string("t\($0)"), .atom("acct\($0)")]) }),
    ]

    @Test("a loaded context holds the facts of the context, in the same order, per predicate")
    func sameRelations() {
        for context in Self.contexts {
            #expect(Self.tuples(LoadedRuleContext(context)) == Self.reference(context))
        }
    }

    @Test("setting the resource of a loaded context loads what the context with that resource loads")
    func withResource() {
        for context in Self.contexts {
            let loaded = LoadedRuleContext(context)
            for resource in [nil, RuleTerm.atom("r1"), .atom("r9"), .integer(3)] {
                var expected = context
                expected.resource = resource
                #expect(Self.tuples(loaded.with(resource: resource)) == Self.reference(expected))
                #expect(loaded.with(resource: resource).context == expected)
            }
        }
    }

    @Test("a relation gives the same answers before and after it is indexed, and as its table grows")
    func relationIndexes() {
        var relation = RuleRelation(arity: 2)
        var unindexed = RuleRelation(arity: 2, indexesFirst: false)
        let tuples: [[RuleValue]] = (0..<70).map { [.integer(Int64($0 % 5)), .symbol($0)] }
        for (count, tuple) in tuples.enumerated() {
            unindexed.insert(tuple)
            let added = relation.insert(tuple)
            let addedAgain = relation.insert(tuple)
            #expect(added)
            #expect(!addedAgain)
            for first in 0..<6 {
                let expected = tuples[...count].indices.filter { tuples[$0][0] == .integer(Int64(first)) }
                let positions = Array(relation.positions(first: .integer(Int64(first))))
                let scanned = Array(unindexed.positions(first: .integer(Int64(first))))
                #expect(positions == expected)
                #expect(scanned == expected)
            }
            #expect(relation.contains(tuple) && unindexed.contains(tuple))
            #expect(!relation.contains([.integer(9), .integer(9)]))
        }
        let stored = (0..<relation.tuples.count).map { Array(relation.tuples[$0]) }
        #expect(stored == tuples)
        var nullary = RuleRelation(arity: 0)
        #expect(!nullary.contains([]))
        let nullaryAdded = nullary.insert([])
        let nullaryAddedAgain = nullary.insert([])
        #expect(nullaryAdded && !nullaryAddedAgain)
        #expect(nullary.contains([]) && nullary.tuples.count == 1)
    }

    @Test("a relation answers like a plain list of its tuples, for random tuples of every arity up to 3")
    func relationAgainstList() {
        var random = SplitMix64(seed: 11)
        for arity in 0...3 {
            for indexesFirst in [true, false] {
                var relation = RuleRelation(arity: arity, indexesFirst: indexesFirst)
                var list: [[RuleValue]] = []
                // Small domains, so that tuples repeat and first values collide.
                func value() -> RuleValue {
                    Bool.random(using: &random)
                        ? .integer(Int64.random(in: -3...3, using: &random))
                        : .symbol(Int.random(in: 0...6, using: &random))
                }
                for _ in 0..<400 {
                    let tuple = (0..<arity).map { _ in value() }
                    let isNew = !list.contains(tuple)
                    #expect(relation.contains(tuple) == !isNew)
                    #expect(relation.insert(tuple) == isNew)
                    if isNew {
                        list.append(tuple)
                    }
                    if arity > 0 {
                        let first = value()
                        let positions = Array(relation.positions(first: first))
                        #expect(positions == list.indices.filter { list[$0][0] == first })
                    }
                }
                let stored = (0..<relation.tuples.count).map { Array(relation.tuples[$0]) }
                #expect(stored == list)
            }
        }
    }
}
