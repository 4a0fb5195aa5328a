import Foundation
import L2Runtime
import L2Workload

/// The rules engine on its own, one thread: the three programs a standard-mix execution request is evaluated
/// on, and a recursive program that derives a few hundred tuples.
func rulesBenchmarks() throws -> [BenchResult] {
    let subject = RuleTerm.atom("strata1" + String(repeating: "q", count: 58))
    let zone = RuleTerm.atom(String(repeating: "ab", count: 32))
    let resource = RuleTerm.atom(String(repeating: "cd", count: 32))
    let request = RuleContext(
        action: .atom("execute"), subject: subject, zone: zone, time: 1_767_225_600,
        balances: [.init(account: subject, amount: 1_000_000)], extraFacts: [RuleFact("payment", [.integer(40)])])
    var onResource = request
    onResource.resource = resource
    let zoneRules = try RuleProgram.parse(source: Workload.zoneRules)
    let consent = try RuleProgram.parse(source: Workload.datasetConsent)
    let admission = try RuleProgram.parse(source: Workload.engineAdmission)
    var permitted = 0
    let requestRate = measureRate(batch: 1_000) {
        for _ in 0..<1_000 {
            let decisions = [
                zoneRules.evaluate(context: request, fuel: RuntimeRuleLimits.fuelPerEvaluation).decision,
                consent.evaluate(context: onResource, fuel: RuntimeRuleLimits.fuelPerEvaluation).decision,
                admission.evaluate(context: onResource, fuel: RuntimeRuleLimits.fuelPerEvaluation).decision,
            ]
            permitted += decisions.allSatisfy(\.isPermitted) ? 1 : 0
        }
    }
    precondition(permitted > 0, "the standard request is not permitted")

    let closure = try RuleProgram.parse(
        source: """
            path(X, Y) :- edge(X, Y).
            path(X, Z) :- path(X, Y), edge(Y, Z).
            permit :- subject(S), path(n0, S).
            deny :- subject(S), path(S, S).
            """)
    let edges = (0..<30).map { RuleFact("edge", [.atom("n\($0)"), .atom("n\($0 + 1)")]) }
    let chain = RuleContext(action: .atom("read"), subject: .atom("n30"), extraFacts: edges)
    let closureResult = closure.evaluate(context: chain, fuel: RuntimeRuleLimits.fuelPerEvaluation)
    precondition(closureResult.decision.isPermitted, "the closure program does not permit")
    let closureRate = measureRate(batch: 10) {
        for _ in 0..<10 {
            _ = closure.evaluate(context: chain, fuel: RuntimeRuleLimits.fuelPerEvaluation)
        }
    }
    // The most an evaluation in a transaction can cost: one that joins until its fuel runs out, and one that
    // derives tuples until it reaches the derived-tuple cap.
    let numbers = RuleContext(
        action: .atom("read"), subject: .atom("x"), extraFacts: (0..<1_000).map { RuleFact("n", [.integer($0)]) })
    let joining = try RuleProgram.parse(source: "permit :- n(X), n(Y), X < Y, Y < X.\n")
    let deriving = try RuleProgram.parse(source: "pair(X, Y) :- n(X), n(Y).\npermit :- pair(X, X), X < 0.\n")
    let joined = joining.evaluate(context: numbers, fuel: RuntimeRuleLimits.fuelPerEvaluation)
    let derived = deriving.evaluate(context: numbers, fuel: RuntimeRuleLimits.fuelPerEvaluation)
    let tupleCap = RuleLimits.standard.maxDerivedTuples
    precondition(joined.decision == .failed(.outOfFuel), "the joining program does not run out of fuel")
    precondition(
        derived.decision == .failed(.limitExceeded(.derivedTuples, limit: tupleCap)),
        "the deriving program does not reach the tuple cap")
    let joiningRate = measureRate(batch: 1) {
        _ = joining.evaluate(context: numbers, fuel: RuntimeRuleLimits.fuelPerEvaluation)
    }
    let derivingRate = measureRate(batch: 1) {
        _ = deriving.evaluate(context: numbers, fuel: RuntimeRuleLimits.fuelPerEvaluation)
    }
    FileManager.default.fputs(
        "rules: standard request \(Int(requestRate)) requests/s (3 programs each), "
            + "closure \(Int(closureRate)) evaluations/s (\(closureResult.fuelUsed) fuel), "
            + "out of fuel joining in \(String(format: "%.2f", 1000 / joiningRate)) ms, "
            + "tuple cap in \(String(format: "%.2f", 1000 / derivingRate)) ms (\(derived.fuelUsed) fuel)\n")
    return [
        BenchResult(
            name: "rules.standard_request", value: requestRate.rounded(), unit: "requests/s",
            conditions: [
                "programs": "the standard workload's zone rules, dataset consent and engine admission, each on its "
                    + "context (public evaluate(context:fuel:), context loaded per evaluation)",
                "threads": "1",
            ]),
        BenchResult(
            name: "rules.transitive_closure", value: closureRate.rounded(), unit: "evaluations/s",
            conditions: [
                "program": "path/2 closure over a host-supplied chain of 30 edges (465 paths), permit and deny on it",
                "fuel_per_evaluation": String(closureResult.fuelUsed),
                "threads": "1",
            ]),
        BenchResult(
            name: "rules.out_of_fuel_join", value: 1000 / joiningRate, unit: "ms",
            conditions: [
                "program": "permit :- n(X), n(Y), X < Y, Y < X over 1,000 host facts, until its "
                    + "\(RuntimeRuleLimits.fuelPerEvaluation) fuel (the runtime's bound per evaluation) runs out",
                "threads": "1",
            ]),
        BenchResult(
            name: "rules.tuple_cap_derivation", value: 1000 / derivingRate, unit: "ms",
            conditions: [
                "program": "pair(X, Y) :- n(X), n(Y) over 1,000 host facts, until it derives the "
                    + "\(tupleCap) tuples of the standard limit (\(derived.fuelUsed) fuel)",
                "threads": "1",
            ]),
    ]
}
