import Common
import Foundation
import Hummingbird
import HummingbirdTesting
import L2Node
import L2Runtime
import NIOCore
import Testing

@Suite("Sequencer HTTP queries: zones, resources, programs, credentials, executions, provenance, grants with proofs")
struct SequencerQueryTests {
    func withServer(
        _ space: DataSpaceChain, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let server = SequencerHTTPServer(sequencer: space.sequencer)
        try await Application(router: server.makeRouter()).test(.router) { client in try await body(client) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
    }

    static func get<T: Decodable>(
        _ client: any TestClientProtocol, _ uri: String, as type: T.Type,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> T {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == .ok, "\(uri)", sourceLocation: sourceLocation)
            return try decode(type, response)
        }
    }

    @Test("zone, resource and execution (with its reports) read the latest sealed block, or ?block=n")
    func records() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let requestedAt = await space.sequencer.tip.number
        try await space.report(execution, .started)
        let tip = await space.sequencer.tip
        let ready = space
        try await withServer(space) { client in
            let zone = try await Self.get(client, "/v1/zones/\(ready.zone)", as: API.ZoneBody.self)
            #expect(zone.founder == ready.key(DataSpaceChain.alice).publicKey.address.description)
            #expect(zone.visibility == "public" && zone.taxBasisPoints == 1000)
            #expect(zone.at.block == tip.number && zone.at.stateRoot == tip.stateRoot.description)
            let resource = try await Self.get(client, "/v1/resources/\(ready.engine)", as: API.ResourceBody.self)
            #expect(resource.kind == "workflowEngine" && resource.endpoint == "wss://dave.example/engine")
            #expect(resource.controller == ready.key(DataSpaceChain.dave).publicKey.address.description)
            let order = try await Self.get(client, "/v1/executions/\(execution)", as: API.ExecutionBody.self)
            #expect(order.status == "started" && order.engine == ready.engine.description)
            #expect(order.resources == [ready.dataset.description] && order.payment == 200)
            #expect(order.reports.map(\.status) == ["started"])
            let earlier = try await Self.get(
                client, "/v1/executions/\(execution)?block=\(requestedAt)", as: API.ExecutionBody.self)
            #expect(earlier.status == "requested" && earlier.reports.isEmpty && earlier.at.block == requestedAt)
        }
    }

    @Test("a program reads back as its source; a credential reads as offered, then held once accepted, then revoked")
    func programsAndCredentials() async throws {
        var space = try await DataSpaceChain()
        let carol = space.key(DataSpaceChain.carol).publicKey.address
        let credential = try await space.send(
            DataSpaceChain.alice, .issueCredential,
            IssueCredentialPayload(
                subject: carol, type: "steward", claimHash: Hash.blake2b([7]), validFromMillis: 0,
                validUntilMillis: UInt64.max)
        ).createdID(RecordID.credential)
        let offeredAt = await space.sequencer.tip.number
        try await space.send(DataSpaceChain.carol, .acceptCredential, CredentialPayload(credential: credential))
        let acceptedAt = await space.sequencer.tip.number
        try await space.send(DataSpaceChain.alice, .revokeCredential, CredentialPayload(credential: credential))
        let ready = space
        try await withServer(space) { client in
            let rules = Hash.blake2b(Array(DataSpaceChain.openRules.utf8))
            let program = try await Self.get(client, "/v1/programs/\(rules)", as: API.ProgramBody.self)
            #expect(program.id == rules.description && program.source == DataSpaceChain.openRules)
            let uri = "/v1/credentials/\(credential)"
            let offered = try await Self.get(client, uri + "?block=\(offeredAt)", as: API.CredentialBody.self)
            #expect(offered.issuer == ready.key(DataSpaceChain.alice).publicKey.address.description)
            #expect(offered.subject == carol.description && offered.type == "steward")
            #expect(offered.claimHash == Hash.blake2b([7]).description && offered.validUntilMs == UInt64.max)
            #expect(!offered.held && !offered.revoked)
            let accepted = try await Self.get(client, uri + "?block=\(acceptedAt)", as: API.CredentialBody.self)
            #expect(accepted.held && !accepted.revoked && accepted.at.block == acceptedAt)
            let revoked = try await Self.get(client, uri, as: API.CredentialBody.self)
            #expect(!revoked.held && revoked.revoked)
        }
    }

    @Test("bad ids and parameters are 400 with code 210; unknown records and unsealed blocks are 404")
    func refusals() async throws {
        let space = try await DataSpaceChain()
        let unknown = Hash.blake2b([0xAB])
        let zone = space.zone
        try await withServer(space) { client in
            let cases: [(String, HTTPResponse.Status, Int)] = [
                ("/v1/zones/xyz", .badRequest, 210),
                ("/v1/zones/\(String(repeating: "a", count: 63))", .badRequest, 210),
                ("/v1/resources/%00", .badRequest, 210),
                ("/v1/executions/12", .badRequest, 210),
                ("/v1/programs/12", .badRequest, 210),
                ("/v1/credentials/xyz", .badRequest, 210),
                ("/v1/resources/zz/provenance", .badRequest, 210),
                ("/v1/grants/zz/\(unknown)", .badRequest, 210),
                ("/v1/grants/\(unknown)/zz", .badRequest, 210),
                ("/v1/zones/\(zone)?block=-1", .badRequest, 210),
                ("/v1/zones/\(zone)?block=abc", .badRequest, 210),
                ("/v1/resources/\(unknown)/provenance?max_steps=0", .badRequest, 210),
                ("/v1/resources/\(unknown)/provenance?max_steps=100000", .badRequest, 210),
                ("/v1/zones/\(unknown)", .notFound, 208),
                ("/v1/resources/\(unknown)", .notFound, 208),
                ("/v1/executions/\(unknown)", .notFound, 208),
                ("/v1/programs/\(unknown)", .notFound, 208),
                ("/v1/credentials/\(unknown)", .notFound, 208),
                ("/v1/resources/\(unknown)/provenance", .notFound, 208),
                ("/v1/grants/\(unknown)/\(unknown)", .notFound, 208),
                ("/v1/zones/\(zone)?block=999999", .notFound, 208),
                ("/v1/zones/\(zone)?block=1", .notFound, 208),  // the zone did not exist yet
                ("/v1/events?kinds=nonsense", .badRequest, 210),
                ("/v1/events?engine=nobody", .badRequest, 210),
                ("/v1/events", .badRequest, 201),  // not an upgrade
            ]
            for (uri, status, code) in cases {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    let error = try? Self.decode(API.ErrorBody.self, response)
                    #expect(error?.code == code, "\(uri)")
                }
            }
        }
    }

    @Test("a grant comes with a proof that Common alone checks against the sealed block's state root")
    func grantProof() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let granted = await space.sequencer.tip
        // An open block with a transaction: the proof is still against the last sealed block.
        let pending = space.signed(
            DataSpaceChain.carol, .transfer, TransferPayload(recipient: space.chain.recipient, amount: 1))
        #expect(await space.sequencer.process([pending.bytes]).first?.success != nil)
        #expect(await space.sequencer.openBlock?.number == granted.number + 1)
        let dataset = space.dataset
        let engine = space.engine
        let sequencerKey = space.sequencer.sequencerKey
        let clock = space.clock
        try await withServer(space) { client in
            let body = try await Self.get(client, "/v1/grants/\(execution)/\(dataset)", as: API.GrantBody.self)
            #expect(body.at.block == granted.number && body.at.stateRoot == granted.stateRoot.description)
            #expect(body.grant?.execution == execution.description && body.grant?.resource == dataset.description)
            let block = try await Self.get(client, "/v1/blocks/\(body.at.block)", as: API.BlockBody.self)
            #expect(block.stateRoot == body.at.stateRoot)
            // The Secret Vault's check, with Common only and nothing from the server but the answer. First the
            // root: the sequencer's signature over (block, time, hash, root, latest), with the key the vault was given.
            let sequencer = try AccountPublicKey(hex: body.at.sequencer)
            #expect(sequencer == sequencerKey)
            let signature = try SchnorrSignature(hex: body.at.signature)
            let blockHash = try #require(Hash(hex: body.at.blockHash))
            let root = try #require(Hash(hex: body.at.stateRoot))
            // Read at the latest committed block, so the sequencer says when it was the latest: now, by its clock.
            #expect(body.at.blockTimeMillis == granted.timestampMillis && body.at.latestAtMillis == clock.now)
            func attests(
                _ number: UInt64, _ hash: Hash, _ root: Hash, time: UInt64 = granted.timestampMillis,
                latest: UInt64 = clock.now
            ) -> Bool {
                var message = ByteWriter()
                message.writeVarint(number)
                message.writeVarint(time)
                message.write(hash)
                message.write(root)
                message.writeVarint(latest)
                let digest = signingDigest(
                    domain: .l2BlockAttestation, chainID: TestChain.chainID, message: message.bytes)
                return sequencer.verify(signature, digest: digest)
            }
            #expect(attests(body.at.block, blockHash, root))
            #expect(!attests(body.at.block, blockHash, Hash.blake2b([1])))
            #expect(!attests(body.at.block + 1, blockHash, root))
            #expect(!attests(body.at.block, blockHash, root, time: granted.timestampMillis + 1))
            #expect(!attests(body.at.block, blockHash, root, latest: clock.now + 1))
            #expect(body.at.attestation?.statement == BlockAttestation(granted, latestAtMillis: clock.now))
            // Then the grant: its key derived from the ids the vault knows, its value proven under the root.
            let path = StateKey(namespace: "l2/grant", key: engine.bytes + dataset.bytes + execution.bytes).path
            #expect(body.key == path.description)
            let proof = try StateProof(canonicalBytes: try #require(Hex.decode(body.proof)))
            let value = try #require(body.value.flatMap { Hex.decode($0) })
            try proof.verify(path: path, value: value, root: root)
            // A forged value does not verify.
            #expect(throws: StateError.self) { try proof.verify(path: path, value: value + [0], root: root) }
        }
    }

    @Test("after delivery the grant is gone: an exclusion proof now, the inclusion proof at the older block")
    func grantEnded() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let granted = await space.sequencer.tip.number
        try await space.report(execution, .started)
        try await space.report(execution, .delivered, consumed: [space.dataset])
        let tip = await space.sequencer.tip
        let dataset = space.dataset
        try await withServer(space) { client in
            let now = try await Self.get(client, "/v1/grants/\(execution)/\(dataset)", as: API.GrantBody.self)
            #expect(now.grant == nil && now.value == nil && now.at.block == tip.number)
            let proof = try StateProof(canonicalBytes: try #require(Hex.decode(now.proof)))
            try proof.verify(
                path: try #require(Hash(hex: now.key)), value: nil, root: tip.stateRoot)
            let then = try await Self.get(
                client, "/v1/grants/\(execution)/\(dataset)?block=\(granted)", as: API.GrantBody.self)
            #expect(then.grant != nil && then.at.block == granted)
            let old = try StateProof(canonicalBytes: try #require(Hex.decode(then.proof)))
            let text = try #require(then.value)
            let value = try #require(Hex.decode(text))
            try old.verify(
                path: try #require(Hash(hex: then.key)), value: value, root: try #require(Hash(hex: then.at.stateRoot)))
        }
    }

    @Test(
        "GrantBody.verified trusts only the sequencer's key: a forged root, time, value, key or chain does not verify, nor an old block"
    )
    func grantVerified() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let granted = await space.sequencer.tip.number
        try await space.report(execution, .started)
        try await space.report(execution, .failed)
        let (dataset, engine, key, clock) = (space.dataset, space.engine, space.sequencer.sequencerKey, space.clock)
        let chain = TestChain.chainID
        try await withServer(space) { client in
            let then = try await Self.get(
                client, "/v1/grants/\(execution)/\(dataset)?block=\(granted)", as: API.GrantBody.self)
            let sealed = then.at.blockTimeMillis
            let verified = try then.verified(
                sequencer: key, chainID: chain, execution: execution, resource: dataset, nowMillis: sealed,
                maxAgeMillis: 0)
            #expect(verified.grant?.engine == engine && verified.attestation.number == granted && verified.active)
            let deadline = try #require(verified.grant?.expiresAtMillis)
            func refusal(
                _ body: API.GrantBody, sequencer: AccountPublicKey = key, chainID: String = chain,
                resource: Hash = dataset, engine: Hash? = nil, now: UInt64? = nil, maxAge: UInt64 = 1_000
            ) -> GrantVerificationError? {
                do {
                    _ = try body.verified(
                        sequencer: sequencer, chainID: chainID, execution: execution, resource: resource,
                        engine: engine,
                        nowMillis: now ?? body.at.blockTimeMillis, maxAgeMillis: maxAge)
                    return nil
                } catch { return error }
            }
            // The answer of an old block does not verify: the grant may have ended since (it has: the order failed).
            #expect(refusal(then, now: sealed + 1_000) == nil)
            #expect(then.at.latestAtMillis == nil)
            #expect(
                refusal(then, now: sealed + 1_001)
                    == .stale(currentAsOfMillis: sealed, ageMillis: 1_001, maxAgeMillis: 1_000))
            // A verifier clock behind the block's is no age; at the deadline the grant verifies but is no longer active.
            #expect(refusal(then, now: sealed - 5_000) == nil)
            let late = try then.verified(
                sequencer: key, chainID: chain, execution: execution, resource: dataset, nowMillis: deadline,
                maxAgeMillis: .max)
            #expect(late.grant != nil && !late.active)
            var forgedTime = then
            forgedTime.at.blockTimeMillis += 60_000
            #expect(refusal(forgedTime) == .badAttestation)
            let stranger = AccountPrivateKey.init().publicKey
            #expect(refusal(then, sequencer: stranger) == .wrongSequencer(then.at.sequencer))
            #expect(refusal(then, chainID: "another-chain") == .badAttestation)
            #expect(refusal(then, resource: engine) == .wrongKey)
            #expect(refusal(then, engine: dataset) == .wrongKey)
            var forgedRoot = then
            forgedRoot.at.stateRoot = Hash.blake2b([1]).description
            #expect(refusal(forgedRoot) == .badAttestation)
            var forgedValue = then
            forgedValue.value = (then.value ?? "") + "00"
            if case .badProof = refusal(forgedValue) {} else { Issue.record("a forged value verified") }
            var garbled = then
            garbled.proof = "zz"
            #expect(refusal(garbled) == .malformed("proof"))
            // After the order failed there is no grant: the absence verifies only against the engine's key.
            let now = try await Self.get(client, "/v1/grants/\(execution)/\(dataset)", as: API.GrantBody.self)
            #expect(refusal(now) == .absenceNeedsEngine)
            let absent = try now.verified(
                sequencer: key, chainID: chain, execution: execution, resource: dataset, engine: engine,
                nowMillis: now.at.blockTimeMillis, maxAgeMillis: 0)
            #expect(absent.grant == nil && !absent.active)
            #expect(refusal(now, engine: Hash.blake2b([2])) == .wrongKey)
            // A quiet chain: ten minutes without a block, and the latest block's answer is current (latest_at_ms),
            // while the older block's is ten minutes stale.
            clock.advance(600_000)
            let quiet = try await Self.get(client, "/v1/grants/\(execution)/\(dataset)", as: API.GrantBody.self)
            #expect(quiet.at.block == now.at.block && quiet.at.latestAtMillis == clock.now)
            #expect(refusal(quiet, engine: engine, now: clock.now) == nil)
            if case .stale = refusal(then, now: clock.now) {} else { Issue.record("a ten-minute-old block verified") }
        }
    }

    @Test("provenance follows what produced a resource, transitively, and reports a cut-short walk")
    func provenance() async throws {
        var space = try await DataSpaceChain()
        let (first, middle) = try await space.deliver(consuming: [space.dataset], label: 1)
        let (second, final) = try await space.deliver(consuming: [middle], label: 2)
        let engine = space.engine
        let zone = space.zone
        let dataset = space.dataset
        try await withServer(space) { client in
            let body = try await Self.get(client, "/v1/resources/\(final)/provenance", as: API.ProvenanceBody.self)
            #expect(body.truncated == false)
            #expect(body.steps.map(\.resource) == [final.description, middle.description])
            #expect(body.steps.map(\.execution) == [second.description, first.description])
            #expect(body.steps.allSatisfy { $0.engine == engine.description && $0.zone == zone.description })
            #expect(body.steps.last?.consumed == [dataset.description])
            let cut = try await Self.get(
                client, "/v1/resources/\(final)/provenance?max_steps=1", as: API.ProvenanceBody.self)
            #expect(cut.truncated && cut.steps.count == 1)
            let source = try await Self.get(client, "/v1/resources/\(dataset)/provenance", as: API.ProvenanceBody.self)
            #expect(source.steps.isEmpty && !source.truncated)
        }
    }
}
