import Common
import Testing

@testable import L2Runtime

@Suite("Programs, zones, resources and credentials")
struct RegistryTests {
    typealias Keys = TestChain

    @Test("a program is stored under the hash of its source, parsed first, once")
    func storeProgram() throws {
        var chain = try TestChain()
        let source = "permit(join).\n"
        let id = Hash.blake2b(Array(source.utf8))
        #expect(try chain.send(Keys.bob, .storeProgram, StoreProgramPayload(source: source)).status == .success)
        #expect(chain.lastEvents == [.programStored(program: id)])
        var reader = chain.reader
        #expect(try reader.program(id) == Array(source.utf8))
        #expect(try chain.send(Keys.bob, .storeProgram, StoreProgramPayload(source: source)).status == .success)
        #expect(chain.lastEvents.isEmpty)
        for bad in ["permit(", "p :- \\+ q.\nq :- p.\n", "action(x).\n", "p(1.5).\n"] {
            #expect(
                try chain.send(Keys.bob, .storeProgram, StoreProgramPayload(source: bad)).status
                    == failed(.invalidProgram))
        }
        #expect(
            try chain.send(Keys.bob, .storeProgram, StoreProgramPayload(source: [0xff, 0xfe])).status
                == failed(.invalidProgram))
        // A source over the cap does not even decode as a payload.
        var oversized = ByteWriter()
        oversized.writeBytes([UInt8](repeating: 0x61, count: StoreProgramPayload.maxSourceBytes + 1))
        let body = Transaction(
            chainID: TestChain.chainID, sender: .key(Keys.bob.publicKey), nonce: try chain.nonce(of: Keys.bob),
            fee: 10, kind: .storeProgram, payload: oversized.bytes)
        let execution = try chain.block([SignedTransaction(signing: body, with: Keys.bob)])
        #expect(execution.receipts[0].status == failed(.malformedPayload))
    }

    @Test("a zone is founded with a stored program and a tax of at most 100%")
    func foundZone() throws {
        var chain = try TestChain()
        let rules = try chain.storeProgram("permit.\n")
        let pricing = ZonePricing(taxBasisPoints: 250, minimumPayment: 5, joinFee: 1)
        let payload = FoundZonePayload(rules: rules, visibility: .private, pricing: pricing)
        #expect(try chain.send(Keys.bob, .foundZone, payload).status == .success)
        let id = try chain.createdID(RecordID.zone)
        var reader = chain.reader
        #expect(
            try reader.zone(id)
                == Zone(
                    id: id, founder: Keys.bob.address, rules: rules, visibility: .private, pricing: pricing, revision: 0
                ))
        #expect(chain.lastEvents == [.zoneFounded(zone: id, founder: Keys.bob.address)])
        var taxed = payload
        taxed.pricing.taxBasisPoints = 10_001
        #expect(try chain.send(Keys.bob, .foundZone, taxed).status == failed(.invalidParameter))
        var unknown = payload
        unknown.rules = Hash.zero
        #expect(try chain.send(Keys.bob, .foundZone, unknown).status == failed(.unknownProgram))
    }

    @Test("a resource is registered, updated and dereferenced by its controller only")
    func resources() throws {
        var chain = try TestChain()
        let consent = try chain.storeProgram("permit.\n")
        let other = try chain.storeProgram("permit(join).\n")
        let register = RegisterResourcePayload(
            kind: .algorithm, endpoint: "oci://bob/algo", metadataHash: Hash.blake2b([1]), consent: consent, price: 7)
        #expect(try chain.send(Keys.bob, .registerResource, register).status == .success)
        let id = try chain.createdID(RecordID.resource)
        #expect(chain.lastEvents == [.resourceRegistered(resource: id, controller: Keys.bob.address, kind: .algorithm)])
        var empty = register
        empty.endpoint = ""
        #expect(try chain.send(Keys.bob, .registerResource, empty).status == failed(.invalidParameter))
        var noConsent = register
        noConsent.consent = Hash.zero
        #expect(try chain.send(Keys.bob, .registerResource, noConsent).status == failed(.unknownProgram))

        let update = UpdateResourcePayload(
            resource: id, endpoint: "oci://bob/algo2", metadataHash: Hash.blake2b([2]), consent: other, price: 9)
        #expect(try chain.send(Keys.carol, .updateResource, update).status == failed(.notController))
        #expect(try chain.send(Keys.bob, .updateResource, update).status == .success)
        var reader = chain.reader
        let resource = try #require(try reader.resource(id))
        #expect(resource.endpoint == "oci://bob/algo2" && resource.price == 9 && resource.consent == other)
        #expect(resource.kind == .algorithm && resource.controller == Keys.bob.address)
        var missing = update
        missing.resource = Hash.zero
        #expect(try chain.send(Keys.bob, .updateResource, missing).status == failed(.unknownResource))

        let dereference = DereferenceResourcePayload(resource: id)
        #expect(try chain.send(Keys.bob, .dereferenceResource, dereference).status == .success)
        #expect(try chain.send(Keys.bob, .updateResource, update).status == failed(.resourceDereferenced))
        reader = chain.reader
        #expect(try reader.resource(id)?.dereferenced == true)
    }

    @Test("a credential is issued by anyone, held once its subject accepts it, and revoked by its issuer, for good")
    func credentials() throws {
        var chain = try TestChain()
        let issue = IssueCredentialPayload(
            subject: Keys.carol.address, type: "member", claimHash: Hash.blake2b([4]), validFromMillis: 10,
            validUntilMillis: TestChain.genesisTime + 3_600_000)
        #expect(try chain.send(Keys.alice, .issueCredential, issue).status == .success)
        let id = try chain.createdID(RecordID.credential)
        #expect(
            chain.lastEvents == [
                .credentialIssued(credential: id, issuer: Keys.alice.address, subject: Keys.carol.address)
            ])
        var reader = chain.reader
        #expect(try reader.credential(id)?.isValid(atMillis: 15) == true)
        #expect(try reader.credential(id)?.isValid(atMillis: 9) == false)
        #expect(try reader.credential(id)?.isValid(atMillis: TestChain.genesisTime + 3_600_000) == false)
        // Issued is only offered: the subject holds it once it accepts it.
        #expect(try reader.heldCredentials(Keys.carol.address).isEmpty)
        var backwards = issue
        backwards.validUntilMillis = 10
        #expect(try chain.send(Keys.alice, .issueCredential, backwards).status == failed(.invalidParameter))
        var untyped = issue
        untyped.type = ""
        #expect(try chain.send(Keys.alice, .issueCredential, untyped).status == failed(.invalidParameter))

        let named = CredentialPayload(credential: id)
        #expect(try chain.send(Keys.bob, .acceptCredential, named).status == failed(.notSubject))
        #expect(try chain.send(Keys.alice, .acceptCredential, named).status == failed(.notSubject))
        #expect(try chain.send(Keys.carol, .dismissCredential, named).status == failed(.notHeld))
        #expect(try chain.send(Keys.carol, .acceptCredential, named).status == .success)
        #expect(chain.lastEvents == [.credentialAccepted(credential: id, subject: Keys.carol.address)])
        #expect(try chain.send(Keys.carol, .acceptCredential, named).status == failed(.alreadyHeld))
        reader = chain.reader
        #expect(try reader.heldCredentials(Keys.carol.address) == [id])
        #expect(try chain.send(Keys.bob, .dismissCredential, named).status == failed(.notSubject))
        #expect(try chain.send(Keys.carol, .dismissCredential, named).status == .success)
        #expect(chain.lastEvents == [.credentialDismissed(credential: id, subject: Keys.carol.address)])
        reader = chain.reader
        #expect(try reader.heldCredentials(Keys.carol.address).isEmpty)
        #expect(try reader.credential(id)?.revoked == false)
        // Dismissed is not revoked: the subject may accept it again.
        #expect(try chain.send(Keys.carol, .acceptCredential, named).status == .success)
        let unknown = CredentialPayload(credential: .zero)
        #expect(try chain.send(Keys.carol, .acceptCredential, unknown).status == failed(.unknownCredential))
        #expect(try chain.send(Keys.carol, .dismissCredential, unknown).status == failed(.unknownCredential))

        #expect(try chain.send(Keys.carol, .revokeCredential, named).status == failed(.notIssuer))
        #expect(try chain.send(Keys.alice, .revokeCredential, named).status == .success)
        #expect(try chain.send(Keys.alice, .revokeCredential, named).status == failed(.credentialRevoked))
        #expect(try chain.send(Keys.alice, .revokeCredential, unknown).status == failed(.unknownCredential))
        reader = chain.reader
        #expect(try reader.credential(id)?.revoked == true)
        #expect(try reader.heldCredentials(Keys.carol.address).isEmpty)
        #expect(try chain.send(Keys.carol, .acceptCredential, named).status == failed(.credentialRevoked))

        // An expired credential cannot be accepted.
        var expired = issue
        expired.validUntilMillis = 20
        #expect(try chain.send(Keys.alice, .issueCredential, expired).status == .success)
        let old = CredentialPayload(credential: try chain.createdID(RecordID.credential))
        #expect(try chain.send(Keys.carol, .acceptCredential, old).status == failed(.credentialExpired))
    }

    /// Issues `count` credentials from `issuer` to carol in one block, valid until `until`; returns their ids.
    static func issue(
        _ count: Int, by issuer: AccountPrivateKey, until: UInt64, on chain: inout TestChain
    ) throws -> [Hash] {
        let payload = IssueCredentialPayload(
            subject: Keys.carol.address, type: "t", claimHash: .zero, validFromMillis: 0, validUntilMillis: until)
        let nonce = try chain.nonce(of: issuer)
        let transactions = try (0..<UInt64(count)).map {
            try chain.transaction(issuer, .issueCredential, payload, nonce: nonce + $0)
        }
        let execution = try chain.block(transactions)
        #expect(execution.receipts.allSatisfy { $0.status == .success })
        return transactions.map { RecordID.derive(RecordID.credential, transaction: $0.hash) }
    }

    /// Carol accepts `ids` in one block; returns the receipts.
    static func accept(_ ids: [Hash], on chain: inout TestChain, advance: UInt64 = 1000) throws -> [Receipt] {
        let nonce = try chain.nonce(of: Keys.carol)
        let transactions = try ids.enumerated().map {
            try chain.transaction(
                Keys.carol, .acceptCredential, CredentialPayload(credential: $0.element),
                nonce: nonce + UInt64($0.offset))
        }
        return try chain.block(transactions, advance: advance).receipts
    }

    @Test("a subject holds at most 32 credentials; expired ones make room")
    func credentialCap() throws {
        var chain = try TestChain()
        let shortLived = try Self.issue(
            HeldCredentials.cap, by: Keys.alice, until: TestChain.genesisTime + 40_000, on: &chain)
        #expect(try Self.accept(shortLived, on: &chain).allSatisfy { $0.status == .success })
        let lasting = try Self.issue(1, by: Keys.alice, until: .max, on: &chain)
        #expect(try Self.accept(lasting, on: &chain).map(\.status) == [failed(.tooManyCredentials)])
        #expect(try Self.accept(lasting, on: &chain, advance: 60_000).map(\.status) == [.success])
        var reader = chain.reader
        #expect(try reader.heldCredentials(Keys.carol.address) == lasting)
    }

    @Test("a stranger's credentials take none of the subject's room: only what it accepts counts")
    func unsolicitedCredentials() throws {
        var space = try DataSpace(
            datasetConsent: "permit(join).\npermit(execute) :- subject(S), credential(S, t, I), steward(I).\n"
                + "steward(\(Keys.alice.address)).\n")
        _ = try Self.issue(HeldCredentials.cap + 8, by: Keys.mallory, until: .max, on: &space.chain)
        var reader = space.chain.reader
        #expect(try reader.heldCredentials(Keys.carol.address).isEmpty)
        let steward = try Self.issue(1, by: Keys.alice, until: .max, on: &space.chain)
        // Offered, not yet accepted: the consent does not see it.
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
        #expect(try Self.accept(steward, on: &space.chain).map(\.status) == [.success])
        #expect(try space.requestExecution().receipt.status == .success)
        // Dismissed, it counts no more.
        let dismiss = CredentialPayload(credential: steward[0])
        #expect(try space.chain.send(Keys.carol, .dismissCredential, dismiss).status == .success)
        #expect(try space.requestExecution().receipt.status == failed(.deniedByConsent))
        reader = space.chain.reader
        #expect(try reader.heldCredentials(Keys.carol.address).isEmpty)
    }
}
