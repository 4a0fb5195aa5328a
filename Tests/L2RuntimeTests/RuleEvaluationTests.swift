import Common
import Testing

@testable import L2Runtime

/// A request by `subject` for `action`, with extra facts.
func request(_ action: String, by subject: String, time: Int64 = 0, extra: [RuleFact] = []) -> RuleContext {
    RuleContext(action: .atom(action), subject: .atom(subject), time: time, extraFacts: extra)
}

/// The decision of `source` on `context`.
func decide(_ source: String, _ context: RuleContext, fuel: UInt64 = 100_000) throws -> RuleDecision {
    try RuleProgram.parse(source: source).evaluate(context: context, fuel: fuel).decision
}

@Suite("Rules evaluation")
struct RuleEvaluationTests {
    static let chain = """
        edge(a, b). edge(b, c). edge(c, d). edge(d, e).
        path(X, Y) :- edge(X, Y).
        path(X, Z) :- path(X, Y), edge(Y, Z).
        permit :- subject(S), path(a, S).
        deny :- subject(S), path(S, S).
        """

    @Test("recursion computes the transitive closure")
    func transitiveClosure() throws {
        #expect(try decide(Self.chain, request("read", by: "e")) == .permitted(rule: 6))
        #expect(try decide(Self.chain, request("read", by: "a")) == .notPermitted)
        // A cycle added by the host makes a reach itself: deny.
        let cyclic = request("read", by: "a", extra: [RuleFact("edge", [.atom("e"), .atom("a")])])
        #expect(try decide(Self.chain, cyclic) == .denied(rule: 7))
    }

    /// Reachability with negation over three strata.
    static let negation = """
        node(a). node(b). node(c). node(d).
        edge(a, b). edge(b, c).
        reach(X) :- edge(a, X).
        reach(Y) :- reach(X), edge(X, Y).
        unreachable(X) :- node(X), \\+ reach(X), X \\= a.
        lonely :- unreachable(_).
        permit :- subject(S), unreachable(S).
        deny :- subject(S), \\+ node(S).
        """

    @Test("negation reads a lower stratum that is complete, across several strata")
    func negationAcrossStrata() throws {
        let source = Self.negation
        #expect(try decide(source, request("read", by: "d")) == .permitted(rule: 10))
        #expect(try decide(source, request("read", by: "c")) == .notPermitted)
        #expect(try decide(source, request("read", by: "zed")) == .denied(rule: 11))
        // \+ with an anonymous variable: "nothing matches".
        let anonymous = "permit :- subject(S), \\+ banned(S, _).\nbanned(mallory, forever)."
        #expect(try decide(anonymous, request("read", by: "alice")) == .permitted(rule: 0))
        #expect(try decide(anonymous, request("read", by: "mallory")) == .notPermitted)
    }

    @Test("comparisons on integers; = and \\= on any term; ordering comparisons fail on non-integers")
    func comparisons() throws {
        let source = """
            permit(a) :- time(T), T > 10, T >= 11, T < 13, T =< 12, T = 12, T \\= 13.
            permit(b) :- subject(S), S = bob.
            permit(c) :- subject(S), S > 1.
            permit(d) :- limit(L), L < -5.
            """
        #expect(try decide(source, request("a", by: "x", time: 12)) == .permitted(rule: 0))
        #expect(try decide(source, request("a", by: "x", time: 13)) == .notPermitted)
        #expect(try decide(source, request("b", by: "bob")) == .permitted(rule: 1))
        #expect(try decide(source, request("b", by: "ann")) == .notPermitted)
        #expect(try decide(source, request("c", by: "bob")) == .notPermitted)
        let limit = [RuleFact("limit", [.integer(-6)])]
        #expect(try decide(source, request("d", by: "x", extra: limit)) == .permitted(rule: 3))
    }

    @Test("deny wins over permit; permit without an argument permits every action; no permit is not permitted")
    func denyWins() throws {
        let source = """
            permit.
            deny(write) :- subject(S), guest(S).
            guest(eve).
            """
        #expect(try decide(source, request("read", by: "eve")) == .permitted(rule: 0))
        #expect(try decide(source, request("write", by: "eve")) == .denied(rule: 1))
        #expect(try decide(source, request("write", by: "ann")) == .permitted(rule: 0))
        #expect(try decide("permit(read).", request("write", by: "ann")) == .notPermitted)
        // Host-supplied permit facts do not decide.
        let forged = request("read", by: "x", extra: [RuleFact("permit", [])])
        #expect(try decide("p.", forged) == .notPermitted)
        #expect(RuleDecision.permitted(rule: 0).isPermitted)
        #expect(!RuleDecision.denied(rule: 0).isPermitted)
        #expect(!RuleDecision.failed(.outOfFuel).isPermitted)
    }

    /// A program that derives n² pairs from n numbers.
    static let quadratic = """
        pair(X, Y) :- n(X), n(Y).
        permit :- pair(X, Y), X = 39, Y = 39.
        """

    static func numbers(_ count: Int) -> RuleContext {
        request("read", by: "x", extra: (0..<count).map { RuleFact("n", [.integer(Int64($0))]) })
    }

    @Test("out of fuel stops with outOfFuel; the same program with enough fuel finishes")
    func fuel() throws {
        let program = try RuleProgram.parse(source: Self.quadratic)
        let context = Self.numbers(40)
        let starved = program.evaluate(context: context, fuel: 500)
        #expect(starved.decision == .failed(.outOfFuel))
        #expect(starved.fuelUsed == 500)
        let fed = program.evaluate(context: context, fuel: 1_000_000)
        #expect(fed.decision == .permitted(rule: 1))
        #expect(fed.fuelUsed > 500 && fed.fuelUsed < 1_000_000)
        // Fuel is exact: with exactly what it used, it finishes; with one less, it fails.
        #expect(program.evaluate(context: context, fuel: fed.fuelUsed) == fed)
        #expect(program.evaluate(context: context, fuel: fed.fuelUsed - 1).decision == .failed(.outOfFuel))
        #expect(program.evaluate(context: context, fuel: 0).decision == .failed(.outOfFuel))
    }

    @Test("the derived tuples cap stops an evaluation that derives too much")
    func derivedTuplesCap() throws {
        let limits = RuleLimits(maxDerivedTuples: 1000)
        let program = try RuleProgram.parse(source: Self.quadratic, limits: limits)
        let result = program.evaluate(context: Self.numbers(40), fuel: 10_000_000)
        #expect(result.decision == .failed(.limitExceeded(.derivedTuples, limit: 1000)))
        #expect(program.evaluate(context: Self.numbers(30), fuel: 10_000_000).decision == .notPermitted)
    }

    @Test("the result does not depend on the order the host gives context facts in")
    func determinism() throws {
        let program = try RuleProgram.parse(source: Self.chain + "\nwho(S, B) :- balance(S, B), B > 5.")
        var random = SplitMix64(seed: 7)
        let edges = [("e", "a"), ("b", "f"), ("f", "g"), ("g", "b")].map { RuleFact("edge", [.atom($0), .atom($1)]) }
        let balances = (0..<20).map { RuleContext.Balance(account: .atom("acct\($0)"), amount: Int64($0)) }
        let credentials = (0..<5).map {
            RuleContext.Credential(holder: .atom("h\($0)"), type: .atom("t"), issuer: .atom("i"))
        }
        var baseline: RuleEvaluation?
        for _ in 0..<20 {
            let context = RuleContext(
                action: .atom("read"), subject: .atom("g"), balances: balances.shuffled(using: &random),
                credentials: credentials.shuffled(using: &random), extraFacts: (edges + edges).shuffled(using: &random))
            let result = program.evaluate(context: context, fuel: 1_000_000)
            if let baseline {
                #expect(result == baseline)
            } else {
                baseline = result
                #expect(result.decision == .denied(rule: 7))
            }
        }
    }
}
