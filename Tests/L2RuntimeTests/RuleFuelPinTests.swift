import Testing

@testable import L2Runtime

/// Fuel is part of consensus: a transaction whose rules run out of fuel fails, so how much an evaluation
/// spends must not change when the evaluator does. These cases pin the decision and the exact fuel of programs
/// that exercise the evaluator's paths: facts, joins on bound and unbound first arguments, linear, non-linear
/// and mutual recursion, arity-0 body literals, negations that are ground, that scan (a wildcard first or
/// after a known argument) and that name a predicate without tuples, comparisons, relations past the linear
/// limit, host facts of predicates the program also derives, running out of fuel and reaching the
/// derived-tuple cap. The values were checked against the evaluator before predicates were numbered
/// (`6a92d00`): the same for all 21 cases.
@Suite("Rules fuel is pinned")
struct RuleFuelPinTests {
    struct Case: CustomStringConvertible {
        var name: String
        var source: String
        var context: RuleContext
        var fuel: UInt64 = 100_000
        var description: String { name }
    }

    static let members = """
        member(alice). member(bob). member(carol). founder(alice). suspended(carol).
        permit(read) :- subject(S), member(S), \\+ suspended(S).
        permit(revise) :- subject(S), founder(S).
        """
    /// The evaluation tests' negation program, with a negation that scans after a bound argument.
    static let negation =
        RuleEvaluationTests.negation + "\nbanned(mallory, forever).\ndeny :- subject(S), banned(S, _).\n"
    static let gated = """
        steward(strata1steward).
        permit(read) :- subject(S), credential(S, 'dataset-access', I), steward(I).
        deny(read) :- time(T), T < 1767225600.
        """
    /// Derives `n/1`, which the host also supplies.
    static let extended = """
        n(100). m(7). m(20).
        n(X) :- m(X).
        big(X) :- n(X), X >= 10.
        permit(read) :- big(100), big(20), \\+ big(5).
        """

    /// Negations that scan: with a wildcard after a known first argument, with a wildcard first, and of a
    /// predicate that has no tuples at all.
    static let scans = """
        banned(mallory, forever). banned(eve, today). edge(a, b). edge(b, c).
        deny :- subject(S), \\+ edge(_, S), \\+ ghost(S).
        deny :- subject(S), banned(S, _).
        reachable(S) :- subject(S), edge(_, S).
        permit :- reachable(S), \\+ banned(S, _).
        """
    /// Non-linear recursion, and two predicates defined through each other (one stratum, several recursive
    /// positions).
    static let recursive = """
        edge(a, b). edge(b, c). edge(c, d). edge(d, e). edge(e, f).
        path(X, Y) :- edge(X, Y).
        path(X, Z) :- path(X, Y), path(Y, Z).
        even(a).
        even(Y) :- odd(X), edge(X, Y).
        odd(Y) :- even(X), edge(X, Y).
        flag.
        permit :- flag, subject(S), path(a, S), even(S).
        """

    static func numbers(_ count: Int, action: String = "read") -> RuleContext {
        RuleContext(
            action: .atom(action), subject: .atom("x"),
            extraFacts: (0..<count).map { RuleFact("n", [.integer(Int64($0))]) })
    }

    static let cases: [Case] = [
        Case(
            name: "open", source: "permit(join).\npermit(leave).",
            context: .init(action: .atom("join"), subject: .atom("a"))),
        Case(
            name: "zone rules",
            source: "permit(join).\npermit(leave).\npermit(execute) :- subject(S), balance(S, B), B >= 1000.\n",
            context: .init(
                action: .atom("execute"), subject: .atom("s"), balances: [.init(account: .atom("s"), amount: 5000)])),
        Case(
            name: "consent",
            source:
                "permit(join).\npermit(execute) :- payment(P), P >= 10.\ndeny(execute) :- subject(S), payment(P), balance(S, B), B < P.\n",
            context: .init(
                action: .atom("execute"), subject: .atom("s"), balances: [.init(account: .atom("s"), amount: 5)],
                extraFacts: [RuleFact("payment", [.integer(20)])])),
        Case(name: "members read", source: members, context: .init(action: .atom("read"), subject: .atom("bob"))),
        Case(
            name: "members suspended", source: members, context: .init(action: .atom("read"), subject: .atom("carol"))),
        Case(name: "members revise", source: members, context: .init(action: .atom("revise"), subject: .atom("alice"))),
        Case(
            name: "chain reach", source: RuleEvaluationTests.chain,
            context: .init(action: .atom("read"), subject: .atom("e"))),
        Case(
            name: "chain cycle", source: RuleEvaluationTests.chain,
            context: .init(
                action: .atom("read"), subject: .atom("a"), extraFacts: [RuleFact("edge", [.atom("e"), .atom("a")])])),
        Case(name: "negation d", source: negation, context: .init(action: .atom("read"), subject: .atom("d"))),
        Case(name: "negation zed", source: negation, context: .init(action: .atom("read"), subject: .atom("zed"))),
        Case(
            name: "negation mallory", source: negation, context: .init(action: .atom("read"), subject: .atom("mallory"))
        ),
        Case(
            name: "gated", source: gated,
            context: .init(
                action: .atom("read"), subject: .atom("alice"), resource: .atom("d1"), time: 1_767_225_600,
                credentials: [
                    .init(holder: .atom("alice"), type: .atom("dataset-access"), issuer: .atom("strata1steward")),
                    .init(holder: .atom("alice"), type: .atom("kyc"), issuer: .atom("strata1other")),
                ])),
        Case(name: "quadratic", source: RuleEvaluationTests.quadratic, context: numbers(40), fuel: 1_000_000),
        Case(name: "quadratic starved", source: RuleEvaluationTests.quadratic, context: numbers(40), fuel: 2_000),
        Case(name: "extended", source: extended, context: numbers(15)),
        Case(name: "scans c", source: scans, context: .init(action: .atom("read"), subject: .atom("c"))),
        Case(name: "scans a", source: scans, context: .init(action: .atom("read"), subject: .atom("a"))),
        Case(name: "scans eve", source: scans, context: .init(action: .atom("read"), subject: .atom("eve"))),
        Case(name: "recursive e", source: recursive, context: .init(action: .atom("read"), subject: .atom("e"))),
        Case(name: "recursive d", source: recursive, context: .init(action: .atom("read"), subject: .atom("d"))),
        Case(
            name: "tuple cap", source: RuleEvaluationTests.quadratic, context: numbers(120), fuel: 10_000_000),
    ]

    static let expected: [String: (RuleDecision, UInt64)] = [
        "open": (.permitted(rule: 0), 4),
        "zone rules": (.permitted(rule: 2), 9),
        "consent": (.denied(rule: 2), 12),
        "members read": (.permitted(rule: 5), 16),
        "members suspended": (.notPermitted, 13),
        "members revise": (.permitted(rule: 6), 19),
        "chain reach": (.permitted(rule: 6), 56),
        "chain cycle": (.denied(rule: 7), 134),
        "negation d": (.permitted(rule: 10), 44),
        "negation zed": (.denied(rule: 11), 43),
        "negation mallory": (.denied(rule: 11), 45),
        "gated": (.permitted(rule: 1), 10),
        "quadratic": (.permitted(rule: 1), 8082),
        "quadratic starved": (.failed(.outOfFuel), 2000),
        "extended": (.permitted(rule: 5), 64),
        "scans c": (.permitted(rule: 7), 20),
        "scans a": (.denied(rule: 4), 18),
        "scans eve": (.denied(rule: 4), 20),
        "recursive e": (.permitted(rule: 11), 313),
        "recursive d": (.notPermitted, 310),
        "tuple cap": (.failed(.limitExceeded(.derivedTuples, limit: 10_000)), 30087),
    ]

    @Test("each case gives its pinned decision and spends its pinned fuel", arguments: cases)
    func pinned(_ testCase: Case) throws {
        let program = try RuleProgram.parse(source: testCase.source)
        let result = program.evaluate(context: testCase.context, fuel: testCase.fuel)
        let (decision, fuel) = try #require(Self.expected[testCase.name])
        #expect(result.decision == decision)
        #expect(result.fuelUsed == fuel)
    }
}
