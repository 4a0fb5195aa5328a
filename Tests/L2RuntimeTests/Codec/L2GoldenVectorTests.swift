import Common
import TestSupport
import Testing

@testable import L2Runtime

@Suite("Golden vectors of docs/l2-transactions.md")
struct L2GoldenVectorTests {
    /// The key of docs/encoding.md 4.5: secret bytes 0x01 ... 0x20.
    static let key = (try? AccountPrivateKey(hex: "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"))
    static let chainID = "strata-l2-devnet-1"

    static let transferBody =
        "127374726174612d6c322d6465766e65742d310084bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0"
        + "00fa0101171111111111111111111111111111111111111111c0843d"
    static let transferDigest = "54bd15640a060c5d427bf5b9ead5f4f62ad2a913b3e7e82a535d5850d5ec3bbe"
    static let requestBody =
        "127374726174612d6c322d6465766e65742d31010703e8070da901"
        + String(repeating: "01", count: 32) + String(repeating: "02", count: 32) + "02"
        + String(repeating: "03", count: 32) + String(repeating: "04", count: 32) + String(repeating: "05", count: 32)
        + "8827e0a4eeb6b733"
    static let requestDigest = "d2b6c7de14837b2b03a01f6ba7c52557ad8e245567494a2eae6f46f34911002c"
    static let requestID = "9e68ef7ccfcd259077a5f9f9408a82126ba42365285d46723a93024966ba5b2f"
    static let transferID = "d2ca807c42957b75f8f82260f111284d7ed7b702b79231b749f8a6a6dc426cf4"
    static let executionID = "48f5bf6ecb04d60625de94472e97ffcd71891dd6ba901f606cb72e47abb2f194"
    static let grantPath = "218b5879e9d564624b2ba332f8e5006002c2258a875e8b226333e7cc9ca22666"
    static let genesisConfig = "127374726174612d6c322d6465766e65742d310a02"
    static let genesisConfigPath = "4f9f110b7d4b8b0a84d21ffba734e5d7ac3d96875970b4bb33d2a29f32ad4749"
    static let genesisAccount = "0184bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b00000c0843d"
    static let genesisRoot = "1454ca784b12b172479e3505c4a28f816012f597f5a6d9b83d228ba50ea1fba2"

    static func hash(_ byte: UInt8) -> Hash { Hash(bytes: [UInt8](repeating: byte, count: 32)) ?? .zero }

    @Test("a transfer by key: body bytes and signing digest; a signature verifies")
    func transfer() throws {
        let key = try #require(Self.key)
        let recipient = try Address(bytes: [UInt8](repeating: 0x11, count: 20))
        let body = Transaction(
            chainID: Self.chainID, sender: .key(key.publicKey), nonce: 0, fee: 250, kind: .transfer,
            payload: TransferPayload(recipient: recipient, amount: 1_000_000).canonicalBytes)
        #expect(Hex.encode(body.canonicalBytes) == Self.transferBody)
        #expect(body.signingDigest.description == Self.transferDigest)
        let signed = SignedTransaction(signing: body, with: key)
        #expect(signed.isSigned(by: key.publicKey))
        #expect(try SignedTransaction(bytes: signed.bytes) == signed)
        // The id leaves the signature out: another signature of the body is the same transaction.
        #expect(signed.hash.description == Self.transferID)
        #expect(SignedTransaction(signing: body, with: key).hash == signed.hash)
    }

    @Test("a request execution by index: body bytes, digest, the order id and its grant's state path")
    func requestExecution() throws {
        let payload = RequestExecutionPayload(
            zone: Self.hash(1), engine: Self.hash(2), resources: [Self.hash(3), Self.hash(4)], paramsHash: Self.hash(5),
            payment: 5000, deadlineMillis: 1_767_225_660_000)
        let body = Transaction(
            chainID: Self.chainID, sender: .index(AccountIndex(7)), nonce: 3, fee: 1000, kind: .requestExecution,
            payload: payload.canonicalBytes)
        #expect(Hex.encode(body.canonicalBytes) == Self.requestBody)
        #expect(body.signingDigest.description == Self.requestDigest)
        #expect(body.hash.description == Self.requestID)
        let id = RecordID.derive(RecordID.execution, transaction: body.hash)
        #expect(id.description == Self.executionID)
        let grant = StateKeys.accessGrant(engine: Self.hash(2), resource: Self.hash(3), execution: id)
        #expect(grant.path.description == Self.grantPath)
    }

    @Test("a genesis: the parameters' record and path, the account record, the genesis root")
    func genesis() throws {
        let key = try #require(Self.key)
        let config = RuntimeConfig(chainID: Self.chainID, minimumFee: 10, feePerThousandFuel: 2)
        #expect(Hex.encode(config.canonicalBytes) == Self.genesisConfig)
        #expect(StateKeys.runtimeConfig.path.description == Self.genesisConfigPath)
        var state = StateOverlay(tree: try StateTree.inMemory())
        let root = try Runtime(config: config).initialize(
            genesis: RuntimeGenesis(accounts: [.init(key: key.publicKey, balance: 1_000_000)]), state: &state)
        #expect(try state.get(StateKeys.account(key.publicKey.address)).map(Hex.encode) == Self.genesisAccount)
        #expect(root.description == Self.genesisRoot)
    }

    @Test("docs/l2-transactions.md prints every vector this suite pins")
    func documented() throws {
        let text = try Repository.text("docs/l2-transactions.md").replacingOccurrences(of: "\n", with: "")
            .replacingOccurrences(of: " ", with: "")
        for vector in [
            Self.transferBody, Self.transferDigest, Self.transferID, Self.requestBody, Self.requestDigest,
            Self.requestID, Self.executionID, Self.grantPath, Self.genesisConfig, Self.genesisConfigPath,
            Self.genesisAccount, Self.genesisRoot,
        ] {
            #expect(text.contains(vector), "\(vector.prefix(16))... missing from the docs")
        }
        for reason in FailureReason.allCases {
            #expect(text.contains("|\(reason.rawValue)|`\(reason)`|"), "failure reason \(reason) missing from the docs")
        }
    }

    @Test("the independent Python derivation agrees with every vector")
    func pythonReference() throws {
        let run = try Repository.runPython("docs/reference/l2_transactions_reference.py")
        #expect(run.status == 0, "l2_transactions_reference.py failed:\n\(run.output)")
    }
}
