import Common
import Testing

@testable import L2Runtime

@Suite("Zone rules, resource consent and engine admission in the runtime")
struct RulesInRuntimeTests {
    typealias Keys = TestChain

    /// The docs/rules.md example `name`, with the names of the example replaced by test addresses.
    static func example(_ name: String, replacing names: [String: AccountPrivateKey] = [:]) throws -> String {
        var source = try RuleDocExampleTests.example(name).source
        for (name, key) in names.sorted(by: { $0.key < $1.key }) {
            source = source.replacingOccurrences(of: name, with: key.address.description)
        }
        return source
    }

    @Test("open-zone example as zone rules: anyone joins and leaves, nobody executes")
    func openZone() throws {
        var space = try DataSpace(zoneRules: try Self.example("open-zone"))
        #expect(try space.chain.send(Keys.mallory, .joinZone, JoinZonePayload(zone: space.zone)).status == .success)
        #expect(try space.requestExecution().receipt.status == failed(.deniedByZoneRules))
    }

    @Test("members-only example as zone rules: members execute unless suspended; only the founder revises")
    func membersOnly() throws {
        let names = ["alice": Keys.alice, "bob": Keys.bob, "carol": Keys.carol]
        let rules = try Self.example("members-only", replacing: names) + "permit(join).\n"
        var space = try DataSpace(zoneRules: rules)
        #expect(try space.requestExecution(by: Keys.bob).receipt.status == .success)
        #expect(try space.requestExecution(by: Keys.carol).receipt.status == failed(.deniedByZoneRules))
        #expect(try space.requestExecution(by: Keys.mallory).receipt.status == failed(.deniedByZoneRules))
        let establishing = try space.chain.storeProgram("permit(establish).\npermit(join).\n")
        let notEstablishing = try space.chain.storeProgram("permit(join).\n")
        let revise = ReviseZoneRulesPayload(zone: space.zone, rules: establishing)
        #expect(try space.chain.send(Keys.bob, .reviseZoneRules, revise).status == failed(.deniedByZoneRules))
        let refused = ReviseZoneRulesPayload(zone: space.zone, rules: notEstablishing)
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, refused).status == failed(.deniedByZoneRules))
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, revise).status == .success)
        var reader = space.chain.reader
        #expect(try reader.zone(space.zone)?.rules == establishing)
        #expect(try reader.zone(space.zone)?.revision == 1)
        #expect(space.chain.lastEvents == [.zoneRulesRevised(zone: space.zone, rules: establishing)])
        let unknown = ReviseZoneRulesPayload(zone: space.zone, rules: Hash.zero)
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, unknown).status == failed(.unknownProgram))
        let noZone = ReviseZoneRulesPayload(zone: Hash.zero, rules: establishing)
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, noZone).status == failed(.unknownZone))
    }

    @Test("credential-gated example as consent: a valid credential from the steward, after the embargo")
    func credentialGated() throws {
        // The dataset's consent is asked about `execute` when an execution would use it.
        let consent =
            try Self.example("credential-gated", replacing: ["strata1steward": Keys.alice])
            .replacingOccurrences(of: "(read)", with: "(execute)") + "permit(join).\n"
        var space = try DataSpace(datasetConsent: consent)
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
        let issue = IssueCredentialPayload(
            subject: Keys.carol.address, type: "dataset-access", claimHash: Hash.blake2b([5]), validFromMillis: 0,
            validUntilMillis: TestChain.genesisTime + 3_600_000)
        #expect(try space.chain.send(Keys.alice, .issueCredential, issue).status == .success)
        let credential = try space.chain.createdID(RecordID.credential)
        // Bob holds no credential.
        #expect(try space.requestExecution(by: Keys.bob).receipt.status == failed(.deniedByConsent))
        #expect(try space.requestExecution().receipt.status == .success)
        // Before the embargo ends, even a credential holder is denied.
        let now = space.chain.time
        space.chain.time = TestChain.genesisTime - 3_600_000
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
        space.chain.time = now
        let revoke = RevokeCredentialPayload(credential: credential)
        #expect(try space.chain.send(Keys.alice, .revokeCredential, revoke).status == .success)
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
    }

    @Test("price-floor example as engine admission: at least 100, covered by the payer's balance")
    func priceFloor() throws {
        let admission = try Self.example("price-floor") + "permit(join).\n"
        var space = try DataSpace(engineAdmission: admission, datasetPrice: 0, enginePrice: 0)
        #expect(try space.requestExecution(space.request(payment: 99)).receipt.status == failed(.deniedByEngine))
        let balance = try space.chain.balance(Keys.carol.address)
        let tooMuch = space.request(payment: Amount(balance.value))
        #expect(try space.requestExecution(tooMuch).receipt.status == failed(.deniedByEngine))
        #expect(try space.requestExecution(space.request(payment: 100)).receipt.status == .success)
    }

    @Test("deny wins: a resource's deny refuses what the zone permits")
    func denyWins() throws {
        var space = try DataSpace(zoneRules: "permit.\n", datasetConsent: "permit.\ndeny(execute).\n")
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
        var engineDenies = try DataSpace(engineAdmission: "permit.\ndeny(execute) :- payment(P), P < 500.\n")
        #expect(try engineDenies.requestExecution().receipt.status == failed(.deniedByEngine))
        #expect(try engineDenies.requestExecution(engineDenies.request(payment: 500)).receipt.status == .success)
        var zoneDenies = try DataSpace(zoneRules: "permit.\ndeny(execute) :- subject(S), engine(_).\n")
        #expect(try zoneDenies.requestExecution().receipt.status == failed(.deniedByZoneRules))
    }

    @Test("an evaluation that exceeds its limits fails the transaction, never permits")
    func evaluationFailure() throws {
        var source = "permit.\npath(X, Y) :- action(execute), edge(X, Y).\npath(X, Z) :- path(X, Y), edge(Y, Z).\n"
        for n in 0..<150 {
            source += "edge(n\(n), n\(n + 1)).\n"
        }
        var space = try DataSpace(datasetConsent: source)
        #expect(try space.requestExecution().receipt.status == failed(.rulesEvaluationFailed))
    }

    /// A consent that permits everything, and on a request for execution spends about 2.5 fuel per pair of its
    /// `facts` numbers first (joining the zone stays cheap).
    static func burner(facts: Int) -> String {
        var source = "permit.\nburn :- action(execute), n(X), n(Y), X < Y, Y < X.\n"
        for n in 0..<facts {
            source += "n(\(n)).\n"
        }
        return source
    }

    /// `source` evaluated on its own for a request for execution, with `fuel`.
    static func alone(_ source: String, fuel: UInt64) throws -> RuleEvaluation {
        try RuleProgram.parse(source: source).evaluate(
            context: RuleContext(action: .atom("execute"), subject: .atom("x")), fuel: fuel)
    }

    /// A data space whose dataset and two more (`second`, `third`) all have the consent `burner(facts: 170)`:
    /// two of them fit in one transaction's fuel, three do not.
    static func costlySpace(
        config: RuntimeConfig = TestChain.config, fee: Amount = TestChain.minimumFee
    ) throws -> (space: DataSpace, second: Hash, third: Hash) {
        let source = burner(facts: 170)
        var space = try DataSpace(datasetConsent: source, config: config, fee: fee)
        let consent = Hash.blake2b(Array(source.utf8))
        let second = try space.registerDataset(consent: consent)
        let third = try space.registerDataset(consent: consent)
        return (space, second, third)
    }

    @Test("the evaluations of one transaction share its fuel: two costly consents pass, a third runs out")
    func fuelPerTransaction() throws {
        let alone = try Self.alone(Self.burner(facts: 170), fuel: RuntimeRuleLimits.fuelPerEvaluation)
        #expect(alone.decision.isPermitted)
        #expect(alone.fuelUsed * 2 < RuntimeRuleLimits.fuelPerTransaction - 100)
        #expect(alone.fuelUsed * 3 > RuntimeRuleLimits.fuelPerTransaction)
        var (space, second, third) = try Self.costlySpace()
        #expect(try space.requestExecution(space.request(resources: [space.dataset])).receipt.status == .success)
        let two = space.request(resources: [space.dataset, second])
        #expect(try space.requestExecution(two).receipt.status == .success)
        let three = space.request(resources: [space.dataset, second, third])
        #expect(try space.requestExecution(three).receipt.status == failed(.rulesEvaluationFailed))
    }

    @Test("one evaluation gets at most its own fuel, even with the transaction's budget left")
    func fuelPerEvaluation() throws {
        let source = Self.burner(facts: 240)
        let alone = try Self.alone(source, fuel: RuntimeRuleLimits.fuelPerTransaction)
        #expect(alone.decision.isPermitted)
        #expect(alone.fuelUsed > RuntimeRuleLimits.fuelPerEvaluation)
        #expect(alone.fuelUsed < RuntimeRuleLimits.fuelPerTransaction - 100)
        var space = try DataSpace(datasetConsent: source)
        #expect(try space.requestExecution().receipt.status == failed(.rulesEvaluationFailed))
    }

    @Test("joining needs the zone's rules and the resource's consent; leaving is always allowed")
    func joinAndLeave() throws {
        var space = try DataSpace(zoneRules: "permit(join) :- subject(S), \\+ banned(S).\n", joinFee: 25)
        let own = JoinZonePayload(zone: space.zone)
        #expect(try space.chain.send(Keys.carol, .joinZone, own).status == .success)
        var reader = space.chain.reader
        // The dataset and the engine paid the fee when they joined, then carol.
        #expect(try reader.zonePool(space.zone) == 75)
        #expect(try reader.membership(zone: space.zone, member: .account(Keys.carol.address)) != nil)
        #expect(try space.chain.send(Keys.carol, .joinZone, own).status == failed(.alreadyMember))
        // The zone's rules cannot stop a member from leaving.
        #expect(try space.chain.send(Keys.carol, .leaveZone, LeaveZonePayload(zone: space.zone)).status == .success)
        #expect(space.chain.lastEvents == [.memberLeft(zone: space.zone, member: .account(Keys.carol.address))])
        #expect(
            try space.chain.send(Keys.carol, .leaveZone, LeaveZonePayload(zone: space.zone)).status
                == failed(.notInZone))
        let leaveOthers = LeaveZonePayload(zone: space.zone, resource: space.dataset)
        #expect(try space.chain.send(Keys.carol, .leaveZone, leaveOthers).status == failed(.notController))
        #expect(try space.chain.send(Keys.bob, .leaveZone, leaveOthers).status == .success)
        #expect(try space.requestExecution().receipt.status == failed(.notMember))

        // A resource whose consent refuses the zone cannot join it.
        let closed = try space.chain.storeProgram("deny(join).\npermit.\n")
        _ = try space.chain.send(
            Keys.bob, .registerResource,
            RegisterResourcePayload(kind: .service, endpoint: "s", metadataHash: .zero, consent: closed, price: 1))
        let resource = try space.chain.createdID(RecordID.resource)
        let join = JoinZonePayload(zone: space.zone, resource: resource)
        #expect(try space.chain.send(Keys.bob, .joinZone, join).status == failed(.deniedByConsent))
        #expect(
            try space.chain.send(Keys.bob, .joinZone, JoinZonePayload(zone: Hash.zero)).status == failed(.unknownZone))
    }
}
