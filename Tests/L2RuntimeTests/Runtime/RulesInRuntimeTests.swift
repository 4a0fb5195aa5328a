import Common
import Testing

@testable import L2Runtime

@Suite("Zone rules, resource consent and engine admission in the runtime")
struct RulesInRuntimeTests {
    typealias Keys = TestChain

    /// The docs/rules.md example `name`, verbatim.
    static func example(_ name: String) throws -> String {
        try RuleDocExampleTests.source(name)
    }

    @Test("open-zone example as zone rules: anyone joins and executes; nobody revises, anyone establishes")
    func openZone() throws {
        var space = try DataSpace(zoneRules: try Self.example("open-zone"))
        #expect(try space.chain.send(Keys.mallory, .joinZone, JoinZonePayload(zone: space.zone)).status == .success)
        #expect(try space.requestExecution().receipt.status == .success)
        #expect(try space.requestExecution(by: Keys.mallory).receipt.status == .success)
        let other = try space.chain.storeProgram("permit(join).\n")
        let revise = ReviseZoneRulesPayload(zone: space.zone, rules: other)
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, revise).status == failed(.deniedByZoneRules))

        // Another zone's founder may adopt the open rules.
        var closed = try DataSpace(zoneRules: "permit(join).\npermit(revise) :- subject(S).\n")
        let open = try closed.chain.storeProgram(try Self.example("open-zone"))
        let adopt = ReviseZoneRulesPayload(zone: closed.zone, rules: open)
        #expect(try closed.requestExecution().receipt.status == failed(.deniedByZoneRules))
        #expect(try closed.chain.send(Keys.alice, .reviseZoneRules, adopt).status == .success)
        #expect(try closed.requestExecution().receipt.status == .success)
    }

    @Test("members-only example as a private zone's rules: listed accounts join, members execute unless suspended")
    func membersOnly() throws {
        var space = try DataSpace(zoneRules: try Self.example("members-only"), visibility: .private)
        // Bob's dataset and dave's engine joined when the space was set up; carol has not joined yet.
        #expect(try space.requestExecution().receipt.status == failed(.notMember))
        #expect(try space.chain.send(Keys.carol, .joinZone, JoinZonePayload(zone: space.zone)).status == .success)
        #expect(try space.requestExecution().receipt.status == failed(.deniedByZoneRules))
        #expect(try space.chain.send(Keys.bob, .joinZone, JoinZonePayload(zone: space.zone)).status == .success)
        #expect(try space.requestExecution(by: Keys.bob).receipt.status == .success)
        let mallory = JoinZonePayload(zone: space.zone)
        #expect(try space.chain.send(Keys.mallory, .joinZone, mallory).status == failed(.deniedByZoneRules))
        #expect(try space.requestExecution(by: Keys.mallory).receipt.status == failed(.notMember))

        // Only the founder revises, and only to rules under which she may establish them.
        let open = try space.chain.storeProgram(try Self.example("open-zone"))
        let notEstablishing = try space.chain.storeProgram("permit(join).\n")
        let revise = ReviseZoneRulesPayload(zone: space.zone, rules: open)
        #expect(try space.chain.send(Keys.bob, .reviseZoneRules, revise).status == failed(.deniedByZoneRules))
        let refused = ReviseZoneRulesPayload(zone: space.zone, rules: notEstablishing)
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, refused).status == failed(.deniedByZoneRules))
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, revise).status == .success)
        var reader = space.chain.reader
        #expect(try reader.zone(space.zone)?.rules == open)
        #expect(try reader.zone(space.zone)?.revision == 1)
        #expect(space.chain.lastEvents == [.zoneRulesRevised(zone: space.zone, rules: open)])
        #expect(try space.chain.send(Keys.mallory, .joinZone, mallory).status == .success)
        let unknown = ReviseZoneRulesPayload(zone: space.zone, rules: Hash.zero)
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, unknown).status == failed(.unknownProgram))
        let noZone = ReviseZoneRulesPayload(zone: Hash.zero, rules: open)
        #expect(try space.chain.send(Keys.alice, .reviseZoneRules, noZone).status == failed(.unknownZone))
    }

    @Test("credential-gated example as a dataset's consent: a valid credential from the steward, after the embargo")
    func credentialGated() throws {
        var space = try DataSpace(datasetConsent: try Self.example("credential-gated"))
        let embargoEnds: UInt64 = 1_798_761_600_000
        let issue = IssueCredentialPayload(
            subject: Keys.carol.address, type: "dataset-access", claimHash: Hash.blake2b([5]), validFromMillis: 0,
            validUntilMillis: embargoEnds + 3_600_000)
        let credential = try space.chain.issueAccepted(issue, by: Keys.alice)
        // Before the embargo ends, even a holder is denied.
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
        space.chain.time = embargoEnds - 1000
        #expect(try space.requestExecution().receipt.status == .success)
        // Bob holds no credential; mallory holds one from an issuer who is not the steward.
        #expect(try space.requestExecution(by: Keys.bob).receipt.status == failed(.deniedByConsent))
        var forged = issue
        forged.subject = Keys.mallory.address
        try space.chain.issueAccepted(forged, by: Keys.bob)
        #expect(try space.requestExecution(by: Keys.mallory).receipt.status == failed(.deniedByConsent))
        // Revoked, the credential gives nothing.
        let revoke = CredentialPayload(credential: credential)
        #expect(try space.chain.send(Keys.alice, .revokeCredential, revoke).status == .success)
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
    }

    @Test("a credential that has expired gives nothing to the credential-gated example")
    func credentialExpired() throws {
        var space = try DataSpace(datasetConsent: try Self.example("credential-gated"))
        space.chain.time = 1_798_761_600_000
        let issue = IssueCredentialPayload(
            subject: Keys.carol.address, type: "dataset-access", claimHash: Hash.blake2b([5]), validFromMillis: 0,
            validUntilMillis: space.chain.time + 10_000)
        try space.chain.issueAccepted(issue, by: Keys.alice)
        #expect(try space.requestExecution().receipt.status == .success)
        space.chain.time += 60_000
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
    }

    @Test("price-floor example as an engine's admission: at least 100, or 50 from the operator's partners")
    func priceFloor() throws {
        var space = try DataSpace(
            engineAdmission: try Self.example("price-floor"), datasetPrice: 0, enginePrice: 0)
        #expect(try space.requestExecution(space.request(payment: 99)).receipt.status == failed(.deniedByEngine))
        #expect(try space.requestExecution(space.request(payment: 100)).receipt.status == .success)
        #expect(try space.requestExecution(space.request(payment: 50)).receipt.status == failed(.deniedByEngine))
        let partner = IssueCredentialPayload(
            subject: Keys.carol.address, type: "partner", claimHash: Hash.blake2b([6]), validFromMillis: 0,
            validUntilMillis: UInt64.max)
        try space.chain.issueAccepted(partner, by: Keys.dave)
        #expect(try space.requestExecution(space.request(payment: 50)).receipt.status == .success)
        #expect(try space.requestExecution(space.request(payment: 49)).receipt.status == failed(.deniedByEngine))
        // A partner credential from anyone but the operator counts for nothing.
        var other = partner
        other.subject = Keys.mallory.address
        try space.chain.issueAccepted(other, by: Keys.bob)
        let byMallory = space.request(payment: 50)
        #expect(try space.requestExecution(by: Keys.mallory, byMallory).receipt.status == failed(.deniedByEngine))
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

    @Test("a dataset's consent bounds how long the engine's grant lasts through window(S), in seconds rounded up")
    func grantWindow() throws {
        var space = try DataSpace(datasetConsent: "permit(join).\npermit(execute) :- window(S), S =< 3600.\n")
        // The request's block is 1,000 ms after the time `request` counts from.
        #expect(try space.requestExecution(space.request(deadlineIn: 3_601_000)).receipt.status == .success)
        #expect(try space.requestExecution(space.request(deadlineIn: 1_001)).receipt.status == .success)
        #expect(
            try space.requestExecution(space.request(deadlineIn: 3_601_001)).receipt.status == failed(.deniedByConsent))
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
