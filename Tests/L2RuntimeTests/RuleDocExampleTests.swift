import TestSupport
import Testing

@testable import L2Runtime

@Suite("The worked examples of docs/rules.md")
struct RuleDocExampleTests {
    /// The source of the fenced block after `<!-- example: name -->` in docs/rules.md, verbatim.
    static func source(_ name: String) throws -> String {
        let text = try Repository.text("docs/rules.md")
        let marker = "<!-- example: \(name) -->\n```prolog\n"
        let start = try #require(text.range(of: marker))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The example `name`, parsed.
    static func example(_ name: String) throws -> RuleProgram {
        try RuleProgram.parse(source: source(name))
    }

    /// The addresses the examples name, as the runtime passes them: the test keys' bech32 addresses.
    static let alice = TestChain.alice.address.description
    static let bob = TestChain.bob.address.description
    static let carol = TestChain.carol.address.description
    static let dave = TestChain.dave.address.description
    static let mallory = TestChain.mallory.address.description

    @Test("the examples name the test keys' addresses, with the comment beside each")
    func addresses() throws {
        let text = try Repository.text("docs/rules.md")
        for (address, name) in [(Self.alice, "alice"), (Self.bob, "bob"), (Self.carol, "carol"), (Self.dave, "dave")] {
            #expect(text.contains("(\(address)).  % \(name)"))
        }
    }

    @Test("an open zone permits joining and executing to anyone, and establishing; never revising")
    func openZone() throws {
        let program = try Self.example("open-zone")
        #expect(program.evaluate(context: request("join", by: Self.mallory), fuel: 100).decision == .permitted(rule: 0))
        #expect(program.evaluate(context: request("execute", by: Self.bob), fuel: 100).decision == .permitted(rule: 1))
        #expect(
            program.evaluate(context: request("establish", by: Self.bob), fuel: 100).decision == .permitted(rule: 2))
        #expect(program.evaluate(context: request("revise", by: Self.alice), fuel: 100).decision == .notPermitted)
    }

    @Test("a members-only zone lets members join and execute unless suspended; only the founder revises")
    func membersOnly() throws {
        let program = try Self.example("members-only")
        func decision(_ action: String, _ subject: String) -> RuleDecision {
            program.evaluate(context: request(action, by: subject), fuel: 1000).decision
        }
        #expect(decision("join", Self.carol) == .permitted(rule: 6))
        #expect(decision("join", Self.mallory) == .notPermitted)
        #expect(decision("execute", Self.bob) == .permitted(rule: 7))
        #expect(decision("execute", Self.carol) == .notPermitted)
        #expect(decision("execute", Self.mallory) == .notPermitted)
        #expect(decision("revise", Self.bob) == .notPermitted)
        #expect(decision("revise", Self.alice) == .permitted(rule: 8))
        #expect(decision("establish", Self.alice) == .permitted(rule: 9))
        #expect(decision("establish", Self.bob) == .notPermitted)
    }

    @Test("a credential-gated dataset needs a dataset-access credential from its steward, after the embargo")
    func credentialGated() throws {
        let program = try Self.example("credential-gated")
        func decision(type: String, issuer: String, time: Int64, action: String = "execute") -> RuleDecision {
            let credential = RuleContext.Credential(
                holder: .atom(Self.carol), type: .atom(type), issuer: .atom(issuer))
            let context = RuleContext(
                action: .atom(action), subject: .atom(Self.carol), resource: .atom("00ab"), time: time,
                credentials: [credential])
            return program.evaluate(context: context, fuel: 1000).decision
        }
        let after: Int64 = 1_798_761_600
        #expect(decision(type: "dataset-access", issuer: Self.alice, time: after) == .permitted(rule: 2))
        #expect(decision(type: "dataset-access", issuer: Self.bob, time: after) == .notPermitted)
        #expect(decision(type: "partner", issuer: Self.alice, time: after) == .notPermitted)
        #expect(decision(type: "dataset-access", issuer: Self.alice, time: after - 1) == .denied(rule: 3))
        #expect(decision(type: "none", issuer: Self.bob, time: 0, action: "join") == .permitted(rule: 1))
    }

    @Test("a price floor permits payments of at least 100, or 50 from a partner of the operator")
    func priceFloor() throws {
        let program = try Self.example("price-floor")
        func decision(payment: Int64, partnerOf issuer: String? = nil) -> RuleDecision {
            let credentials = issuer.map {
                [RuleContext.Credential(holder: .atom(Self.carol), type: .atom("partner"), issuer: .atom($0))]
            }
            let context = RuleContext(
                action: .atom("execute"), subject: .atom(Self.carol), credentials: credentials ?? [],
                extraFacts: [RuleFact("payment", [.integer(payment)])])
            return program.evaluate(context: context, fuel: 1000).decision
        }
        #expect(decision(payment: 100) == .permitted(rule: 2))
        #expect(decision(payment: 99) == .notPermitted)
        #expect(decision(payment: 50, partnerOf: Self.dave) == .permitted(rule: 3))
        #expect(decision(payment: 150, partnerOf: Self.dave) == .permitted(rule: 2))
        #expect(decision(payment: 49, partnerOf: Self.dave) == .notPermitted)
        #expect(decision(payment: 50, partnerOf: Self.bob) == .notPermitted)
    }
}
