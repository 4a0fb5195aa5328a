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
    FileManager.default.fputs(
        "rules: standard request \(Int(requestRate)) requests/s (3 programs each), "
            + "closure \(Int(closureRate)) evaluations/s (\(closureResult.fuelUsed) fuel)\n")
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
    ]
}
