import Common
import Foundation
import Hummingbird
import HummingbirdTesting
import L2Node
import L2Runtime
import NIOCore
import Testing

@Suite("Sequencer HTTP API: ingest, refusals as JSON 4xx, queries")
struct SequencerHTTPTests {
    let chain = TestChain()

    func withServer(
        maxBodyBytes: Int = 64 << 10, _ body: @Sendable (any TestClientProtocol, Sequencer) async throws -> Void
    ) async throws {
        let sequencer = try chain.sequencer(medium: MemoryLogMedium())
        let server = SequencerHTTPServer(
            sequencer: sequencer,
            configuration: SequencerHTTPConfiguration(maxBodyBytes: maxBodyBytes, maxBatchTransactions: 8))
        let app = Application(router: server.makeRouter())
        try await app.test(.router) { client in try await body(client, sequencer) }
    }

    static func json(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
    }

    @Test("POST /v1/tx returns a confirmation whose signature verifies with Common alone")
    func submitOne() async throws {
        let transaction = chain.transfer(from: 0, nonce: 0)
        try await withServer { client, _ in
            try await client.execute(
                uri: "/v1/tx", method: .post, body: Self.json(API.SubmitTransaction(tx: Hex.encode(transaction.bytes)))
            ) { response in
                #expect(response.status == .ok)
                let body = try Self.decode(API.Confirmation.self, response.body)
                #expect(body.txHash == transaction.hash.description)
                #expect(body.block == 1 && body.index == 0 && body.status == "success")
                // Verify as a client would with Common alone: the set's root from the bytes and the proof, then
                // BIP-340 with the sequencer's key over root || varint(count).
                let key = try AccountPublicKey(hex: body.sequencer)
                let signature = try SchnorrSignature(hex: body.signature)
                let proof = try MerkleListProof(canonicalBytes: Hex.decode(body.proof)!)
                #expect(proof.index == 0 && proof.count == 1 && proof.path.isEmpty)
                let root = try #require(proof.root(leafHash: MerkleList.leafHash(Hex.decode(body.bytes)!)))
                let digest = signingDigest(
                    domain: .l2SoftConfirmation, chainID: TestChain.chainID, message: root.bytes + [0x01])
                #expect(key.verify(signature, digest: digest))
                #expect(body.signed()?.verify(chainID: TestChain.chainID) == true)
            }
        }
    }

    @Test("malformed bodies, bad hex, bad transactions and oversized bodies get 4xx JSON errors with codes")
    func refusals() async throws {
        try await withServer(maxBodyBytes: 40 << 10) { client, sequencer in
            let cases: [(String, ByteBuffer, HTTPResponse.Status, Int)] = [
                ("/v1/tx", ByteBuffer(string: "not json"), .badRequest, 201),
                ("/v1/tx", Self.json(API.SubmitTransaction(tx: "zz")), .badRequest, 201),
                ("/v1/tx", Self.json(API.SubmitTransaction(tx: "0102")), .badRequest, 200),
                (
                    "/v1/tx",
                    Self.json(
                        API.SubmitTransaction(
                            tx: Hex.encode(chain.transfer(from: 1, nonce: 0, badSignature: true).bytes))),
                    .badRequest, 2
                ),
                ("/v1/tx", ByteBuffer(bytes: [UInt8](repeating: 0x20, count: 50 << 10)), .contentTooLarge, 202),
                (
                    "/v1/txs", Self.json(API.SubmitTransactions(txs: Array(repeating: "00", count: 9))),
                    .contentTooLarge, 203
                ),
                ("/v1/txs/binary", ByteBuffer(bytes: [0x05, 1]), .badRequest, 201),
            ]
            for (uri, body, status, code) in cases {
                try await client.execute(uri: uri, method: .post, body: body) { response in
                    #expect(response.status == status, "\(uri) code \(code)")
                    let error = try Self.decode(API.ErrorBody.self, response.body)
                    #expect(error.code == code)
                    #expect(!error.message.isEmpty)
                }
            }
            #expect(await sequencer.haltReason == nil)
        }
    }

    @Test("a JSON batch and a binary batch give one result per transaction, in order")
    func batches() async throws {
        try await withServer { client, _ in
            let first = [chain.transfer(from: 0, nonce: 0), chain.transfer(from: 0, nonce: 0)]
            try await client.execute(
                uri: "/v1/txs", method: .post,
                body: Self.json(API.SubmitTransactions(txs: first.map { Hex.encode($0.bytes) }))
            ) { response in
                let results = try Self.decode(API.BatchResults.self, response.body).results
                #expect(results.count == 2)
                #expect(results[0].confirmation?.index == 0)
                #expect(results[0].confirmation?.signed()?.verify(chainID: TestChain.chainID) == true)
                #expect(results[1].error?.code == 4)
            }
            let binary = [chain.transfer(from: 0, nonce: 1), chain.transfer(from: 1, nonce: 0)].map(\.bytes) + [[9]]
            try await client.execute(
                uri: "/v1/txs/binary", method: .post, headers: [.accept: "application/octet-stream"],
                body: ByteBuffer(bytes: BinaryBatch.join(binary))
            ) { response in
                #expect(response.headers[.contentType] == "application/octet-stream")
                let body = Array(response.body.readableBytesView)
                var reader = ByteReader(body)
                #expect(try reader.readVarint(UInt64.self) == 3)
                #expect(try reader.readUInt8() == 1, "one signature for the two confirmations")
                _ = try reader.readRaw(count: 64)
                for index: UInt32 in [1, 2] {
                    #expect(try reader.readUInt8() == 0)
                    let confirmation = try SoftConfirmation(canonicalBytes: try reader.readBytes(cap: 100))
                    #expect(confirmation.index == index)
                }
                #expect(try reader.readUInt8() == 1)
                #expect(try reader.readVarint(UInt64.self) == 200)
                let answer = try BinaryBatch.decode(body, maxResults: 3)
                #expect(answer.confirmations.map(\.index) == [1, 2])
                let sequencerKey = chain.sequencerKey.publicKey
                #expect(answer.verify(sequencer: sequencerKey, chainID: TestChain.chainID))
                #expect(!answer.verify(sequencer: sequencerKey, chainID: "another-chain"))
                let alone = answer.signedConfirmations(sequencer: sequencerKey)
                #expect(alone.count == 2 && alone.allSatisfy { $0.verify(chainID: TestChain.chainID) })
            }
        }
    }

    @Test("status, blocks, transactions and accounts")
    func queries() async throws {
        try await withServer { client, sequencer in
            let transaction = chain.transfer(from: 2, nonce: 0, amount: 10)
            _ = await sequencer.process([transaction.bytes])
            try await sequencer.sealNow()
            try await client.execute(uri: "/v1/status", method: .get) { response in
                let status = try Self.decode(API.Status.self, response.body)
                #expect(status.latestBlock == 1)
                #expect(status.chainID == TestChain.chainID)
                // TestChain's genesis: no minimum fee and no fuel price.
                #expect(status.minimumFee == 0 && status.feePerThousandFuel == 0 && status.fullFuelFee == 0)
                #expect(status.genesisHash == (try sequencer.blocks.header(0))?.hash.description)
            }
            try await client.execute(uri: "/v1/blocks/1", method: .get) { response in
                let block = try Self.decode(API.BlockBody.self, response.body)
                #expect(block.txs == [transaction.hash.description])
            }
            try await client.execute(uri: "/v1/blocks/9", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/txs/\(transaction.hash)", method: .get) { response in
                let location = try Self.decode(API.TransactionLocation.self, response.body)
                #expect(location == API.TransactionLocation(block: 1, index: 0))
            }
            try await client.execute(uri: "/v1/accounts/\(chain.recipient)", method: .get) { response in
                let account = try Self.decode(API.AccountBody.self, response.body)
                #expect(account.balance == 10)
                #expect(account.index == 4)
            }
            try await client.execute(uri: "/v1/accounts/nonsense", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("strata_l2_block_number 1"))
            }
        }
    }
}
