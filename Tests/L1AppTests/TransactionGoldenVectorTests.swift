import Foundation
import L1App
import TestSupport
import Testing

@testable import Common

/// Golden vectors published in docs/l1-transactions.md ("Golden vectors"), checked byte for byte. They were
/// cross-checked against docs/reference/l1_transactions_reference.py, an independent Python implementation
/// (BIP-340 signing from the BIP's reference algorithm, BLAKE2b from hashlib).
@Suite("Golden vectors (docs/l1-transactions.md)")
struct TransactionGoldenVectorTests {
    /// The values printed on the page.
    enum V {
        static let signerSecret = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
        static let recipientSecret = "2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"
        static let recipientAddress = "strata18k3qnjqe9922nghsfl5jfwt09gryr4t26dvnn9"
        static let recipientBytes = "3da209c8192954a9a2f04fe924b96f2a0641d56a"
        static let body =
            "0f7374726174612d6465766e65742d3184bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0"
            + "07fa0102013da209c8192954a9a2f04fe924b96f2a0641d56ac0843d013da209c8192954a9a2f04fe924b96f2a0641d56a01"
        static let digest = "21e5c04e21ca5f9d0ba823185345b395797569654ea1dda4f8c392bf628c1b6f"
        static let signature =
            "737128d2bca7e45c7ba9873a389f179e04cc5e421341fbf6da2681065114338e"
            + "ffcbb3f853fd454f18f9a70287768d8d9487923fd91a73c1f8260e0ee4a88a61"
        static let txHash = "2aaf010d51c59e3afe798544ef9fed117f87a3bbbb9db49eb0f361ffd5c44da4"
        static let feeCollector = "strata197y784ngpmq5xlcnz464emnnj7srvp5cacm8aq"
        static let feeCollectorBytes = "2f89e3d6680ec1437f1315755cee7397a0360698"
        static let accountPath = "a347b0b132f2f49799376e7c4da1cb5e2e69ad9a897f05727224ffd2e9dd3767"
        static let accountValue = "9d8aebdc0308"
        static let paramsPath = "922435eefad0c829bc173a083e9ba071eb60d38bbf3bd4a436a9f7b999ccb81f"
        static let paramsValue = "0775737472617461fa01"
        static let chainPath = "fab4e259488043ebe5f97e86c064f20b51777b23d25aa7f4c4982bc6839053d5"
        static let chainValue = "0f7374726174612d6465766e65742d310100002a36fe9c9717"
        static let genesisAccountValue = "8094ebdc0300"
        static let genesisAppHash = "145ee439a0278fe9cadadb2f343a7b2c840c11e6ab632ae8de8812f1b9e17380"

        static var all: [String] {
            [
                recipientAddress, recipientBytes, body, digest, signature, body + signature, txHash, feeCollector,
                feeCollectorBytes, accountPath, accountValue, paramsPath, paramsValue, chainPath, chainValue,
                genesisAccountValue, genesisAppHash,
            ]
        }
    }

    static let chainID = "strata-devnet-1"

    static func body() throws -> Transaction {
        let signer = try AccountPrivateKey(hex: V.signerSecret)
        let recipient = try AccountPrivateKey(hex: V.recipientSecret).publicKey.address
        return Transaction(
            chainID: chainID, signer: signer.publicKey, nonce: 7, fee: 250,
            messages: [.send(to: recipient, amount: 1_000_000), .send(to: recipient, amount: 1)])
    }

    @Test("recipient address of secret 0x21..0x40")
    func recipient() throws {
        let address = try AccountPrivateKey(hex: V.recipientSecret).publicKey.address
        #expect(address.description == V.recipientAddress)
        #expect(Hex.encode(address.bytes) == V.recipientBytes)
    }

    @Test("unsigned body, signing digest, signature with aux_rand = 32 zero bytes, signed bytes and hash")
    func transaction() throws {
        let body = try Self.body()
        #expect(Hex.encode(body.canonicalBytes) == V.body)
        #expect(body.signingDigest.description == V.digest)
        let signer = try AccountPrivateKey(hex: V.signerSecret)
        let signature = signer.sign(digest: body.signingDigest, auxiliaryRandomness: Bytes32())
        #expect(signature.description == V.signature)
        let signed = SignedTransaction(transaction: body, signature: signature)
        #expect(Hex.encode(signed.bytes) == V.body + V.signature)
        #expect(signed.bytes.count == 162)
        #expect(signed.hash.description == V.txHash)
    }

    @Test("the pinned bytes decode to the transaction and verify")
    func decode() throws {
        let bytes = try #require(Hex.decode(V.body + V.signature))
        let signed = try SignedTransaction(bytes: bytes)
        #expect(signed.transaction == (try Self.body()))
        #expect(signed.hasValidSignature)
        #expect(SignedTransaction.hash(of: bytes).description == V.txHash)
    }

    @Test("fee collector address, state paths and record encodings")
    func state() throws {
        #expect(Bank.feeCollector.description == V.feeCollector)
        #expect(Hex.encode(Bank.feeCollector.bytes) == V.feeCollectorBytes)
        let signer = try AccountPrivateKey(hex: V.signerSecret).publicKey.address
        #expect(Account.stateKey(signer).path.description == V.accountPath)
        #expect(Hex.encode(Account(balance: 999_998_749, nonce: 8).canonicalBytes) == V.accountValue)
        #expect(BankParams.stateKey.path.description == V.paramsPath)
        #expect(Hex.encode(BankParams(denom: "ustrata", minFee: 250).canonicalBytes) == V.paramsValue)
        #expect(StateKey(namespace: "app/chain", key: []).path.description == V.chainPath)
    }

    @Test("genesis app hash: one account of 1,000,000,000ustrata, min fee 250, chain strata-devnet-1")
    func genesis() throws {
        let signer = try AccountPrivateKey(hex: V.signerSecret).publicKey.address
        let genesis = AppGenesis(
            bank: BankGenesis(
                params: BankParams(denom: "ustrata", minFee: 250),
                accounts: [GenesisAccount(address: signer, balance: 1_000_000_000)]))
        let tree = try StateTree.inMemory()
        let app = try L1Application(tree: tree)
        let response = try app.initChain(
            InitChainRequest(
                chainID: Self.chainID, genesisTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000),
                initialHeight: 1, validators: [], appState: genesis.json()))
        #expect(response.appHash.description == V.genesisAppHash)
        #expect(try tree.value(StateKey(namespace: "app/chain", key: [])).map { Hex.encode($0) } == V.chainValue)
        #expect(try tree.value(Account.stateKey(signer)).map { Hex.encode($0) } == V.genesisAccountValue)
    }

    /// The repository's root, from this file's path (Tests/L1AppTests/TransactionGoldenVectorTests.swift).
    @Test("docs/l1-transactions.md prints every vector pinned here")
    func page() throws {
        let page = try String(
            contentsOf: Repository.root.appending(path: "docs/l1-transactions.md"), encoding: .utf8)
        // The page splits long hex over lines; join them back.
        let joined = page.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
        for hex in V.all {
            #expect(joined.contains(hex), "docs/l1-transactions.md lacks \(hex)")
        }
    }

    @Test("the independent Python implementation agrees with every vector")
    func pythonReference() throws {
        let run = try Repository.runPython("docs/reference/l1_transactions_reference.py")
        #expect(run.status == 0, "l1_transactions_reference.py failed:\n\(run.output)")
    }
}
