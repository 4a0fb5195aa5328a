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

    @Test("a credential is issued by anyone and revoked by its issuer only, for good")
    func credentials() throws {
        var chain = try TestChain()
        let issue = IssueCredentialPayload(
            subject: Keys.carol.address, type: "member", claimHash: Hash.blake2b([4]), validFromMillis: 10,
            validUntilMillis: 20)
        #expect(try chain.send(Keys.alice, .issueCredential, issue).status == .success)
        let id = try chain.createdID(RecordID.credential)
        #expect(
            chain.lastEvents == [
                .credentialIssued(credential: id, issuer: Keys.alice.address, subject: Keys.carol.address)
            ])
        var reader = chain.reader
        #expect(try reader.credential(id)?.isValid(atMillis: 15) == true)
        #expect(try reader.credential(id)?.isValid(atMillis: 20) == false)
        #expect(try reader.heldCredentials(Keys.carol.address) == [id])
        var backwards = issue
        backwards.validUntilMillis = 10
        #expect(try chain.send(Keys.alice, .issueCredential, backwards).status == failed(.invalidParameter))
        var untyped = issue
        untyped.type = ""
        #expect(try chain.send(Keys.alice, .issueCredential, untyped).status == failed(.invalidParameter))

        let revoke = RevokeCredentialPayload(credential: id)
        #expect(try chain.send(Keys.carol, .revokeCredential, revoke).status == failed(.notIssuer))
        #expect(try chain.send(Keys.alice, .revokeCredential, revoke).status == .success)
        #expect(try chain.send(Keys.alice, .revokeCredential, revoke).status == failed(.credentialRevoked))
        #expect(
            try chain.send(Keys.alice, .revokeCredential, RevokeCredentialPayload(credential: .zero)).status
                == failed(.unknownCredential))
        reader = chain.reader
        #expect(try reader.credential(id)?.revoked == true)
        #expect(try reader.heldCredentials(Keys.carol.address).isEmpty)
    }

    @Test("a subject holds at most 32 credentials; expired ones make room")
    func credentialCap() throws {
        var chain = try TestChain()
        let shortLived = IssueCredentialPayload(
            subject: Keys.carol.address, type: "t", claimHash: .zero, validFromMillis: 0,
            validUntilMillis: TestChain.genesisTime + 40_000)
        var transactions: [SignedTransaction] = []
        let nonce = try chain.nonce(of: Keys.alice)
        for n in 0..<UInt64(HeldCredentials.cap) {
            transactions.append(try chain.transaction(Keys.alice, .issueCredential, shortLived, nonce: nonce + n))
        }
        let execution = try chain.block(transactions)
        #expect(execution.receipts.allSatisfy { $0.status == .success })
        var lasting = shortLived
        lasting.validUntilMillis = .max
        #expect(try chain.send(Keys.alice, .issueCredential, lasting).status == failed(.tooManyCredentials))
        #expect(try chain.send(Keys.alice, .issueCredential, lasting, advance: 60_000).status == .success)
        var reader = chain.reader
        #expect(try reader.heldCredentials(Keys.carol.address).count == 1)
    }
}
