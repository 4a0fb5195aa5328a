import TestSupport
import Testing

@testable import L2Runtime

@Suite("The worked examples of docs/rules.md")
struct RuleDocExampleTests {
    /// The program of the fenced block after `<!-- example: name -->` in docs/rules.md.
    static func example(_ name: String) throws -> RuleProgram {
        let text = try Repository.text("docs/rules.md")
        let marker = "<!-- example: \(name) -->\n```prolog\n"
        let start = try #require(text.range(of: marker))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        return try RuleProgram.parse(source: String(text[start.upperBound..<end.lowerBound]))
    }

    @Test("an open zone permits joining, reading and leaving to anyone, and nothing else")
    func openZone() throws {
        let program = try Self.example("open-zone")
        #expect(program.evaluate(context: request("join", by: "anyone"), fuel: 100).decision == .permitted(rule: 0))
        #expect(program.evaluate(context: request("leave", by: "x"), fuel: 100).decision == .permitted(rule: 2))
        #expect(program.evaluate(context: request("revise", by: "x"), fuel: 100).decision == .notPermitted)
    }

    @Test("a members-only zone permits members who are not suspended; only the founder revises")
    func membersOnly() throws {
        let program = try Self.example("members-only")
        func decision(_ action: String, _ subject: String) -> RuleDecision {
            program.evaluate(context: request(action, by: subject), fuel: 1000).decision
        }
        #expect(decision("read", "bob") == .permitted(rule: 5))
        #expect(decision("execute", "alice") == .permitted(rule: 6))
        #expect(decision("read", "carol") == .notPermitted)
        #expect(decision("read", "mallory") == .notPermitted)
        #expect(decision("revise", "bob") == .notPermitted)
        #expect(decision("revise", "alice") == .permitted(rule: 7))
    }

    @Test("a credential-gated dataset needs a dataset-access credential from its steward, after the embargo")
    func credentialGated() throws {
        let program = try Self.example("credential-gated")
        func decision(type: String, issuer: String, time: Int64) -> RuleDecision {
            let credential = RuleContext.Credential(holder: .atom("alice"), type: .atom(type), issuer: .atom(issuer))
            let context = RuleContext(
                action: .atom("read"), subject: .atom("alice"), resource: .atom("dataset1"), time: time,
                credentials: [credential])
            return program.evaluate(context: context, fuel: 1000).decision
        }
        #expect(decision(type: "dataset-access", issuer: "strata1steward", time: 1_767_225_600) == .permitted(rule: 1))
        #expect(decision(type: "dataset-access", issuer: "strata1other", time: 1_767_225_600) == .notPermitted)
        #expect(decision(type: "gym-membership", issuer: "strata1steward", time: 1_767_225_600) == .notPermitted)
        #expect(decision(type: "dataset-access", issuer: "strata1steward", time: 1_767_225_599) == .denied(rule: 2))
    }

    @Test("a price floor permits payments of at least 100 that the payer's balance covers")
    func priceFloor() throws {
        let program = try Self.example("price-floor")
        func decision(payment: Int64, balance: Int64) -> RuleDecision {
            let context = RuleContext(
                action: .atom("execute"), subject: .atom("bob"),
                balances: [.init(account: .atom("bob"), amount: balance)],
                extraFacts: [RuleFact("payment", [.integer(payment)])])
            return program.evaluate(context: context, fuel: 1000).decision
        }
        #expect(decision(payment: 100, balance: 500) == .permitted(rule: 0))
        #expect(decision(payment: 250, balance: 250) == .permitted(rule: 0))
        #expect(decision(payment: 99, balance: 500) == .notPermitted)
        #expect(decision(payment: 150, balance: 120) == .denied(rule: 1))
    }
}
