import L2Runtime
import TestSupport
import Testing

@testable import Bridge
@testable import Common

/// The worked batch of docs/l2-batches.md, section "Golden vector".
@Suite("the golden batch of docs/l2-batches.md")
struct BatchGoldenVectorTests {
    /// The key of secret `01` × 32 signs every transaction; account index 5 is that key's account.
    static let key = BatchFixtures.keys[0]

    static func signer(_ sender: TransactionSender) -> AccountPublicKey? {
        switch sender {
        case .key(let key): key
        case .index(let index): index.value == 5 ? Self.key.publicKey : nil
        }
    }

    /// The BIP-340 signature of `body` by ``key`` with auxiliary randomness `byte` × 32 (deterministic).
    static func signed(_ body: Transaction, _ byte: UInt8) -> SignedTransaction {
        let aux = Bytes32([UInt8](repeating: byte, count: 32))!
        return SignedTransaction(
            transaction: body, signature: key.sign(digest: body.signingDigest, auxiliaryRandomness: aux))
    }

    /// Blocks 7 and 8: a transfer by key, a transfer by index, an execution request (zone, engine, two
    /// resources, deadline a minute after its block), a malformed transfer payload (carried raw), and a report
    /// that the request's order started (its id derived from the request, so not stored).
    static var blocks: [Block] {
        let key = BatchFixtures.keys[0].publicKey
        func tx(
            _ sender: TransactionSender, _ nonce: UInt64, _ fee: Amount, _ kind: TransactionKind, _ payload: [UInt8],
            _ sig: UInt8
        )
            -> SignedTransaction
        {
            signed(
                Transaction(chainID: "strata-l2", sender: sender, nonce: nonce, fee: fee, kind: kind, payload: payload),
                sig)
        }
        let toA = TransferPayload(recipient: try! Address(bytes: [UInt8](repeating: 0xAA, count: 20)), amount: 1_000)
        let toKey = TransferPayload(recipient: key.address, amount: 42)
        func repeated(_ byte: UInt8) -> Hash { Hash(bytes: [UInt8](repeating: byte, count: 32))! }
        let request = RequestExecutionPayload(
            zone: repeated(0xC1), engine: repeated(0xE1), resources: [repeated(0xD1), repeated(0xD2)],
            paramsHash: repeated(0xBB), payment: 5_000, deadlineMillis: 1_760_000_060_200)
        let first = [
            tx(.key(key), 0, 250, .transfer, toA.canonicalBytes, 0xA0),
            tx(.index(AccountIndex(5)), 3, 250, .transfer, toKey.canonicalBytes, 0xA1),
        ]
        let requested = tx(.index(AccountIndex(5)), 4, 300, .requestExecution, request.canonicalBytes, 0xA2)
        let started = ReportExecutionPayload(
            execution: RecordID.derive(RecordID.execution, transaction: requested.hash), status: .started,
            evidenceHash: repeated(0xEE))
        let second = [
            requested,
            tx(.key(key), 1, 250, .transfer, [0x01], 0xA3),
            tx(.index(AccountIndex(5)), 5, 250, .reportExecution, started.canonicalBytes, 0xA4),
        ]
        let header7 = BlockHeader(
            number: 7, parentHash: Hash(bytes: [UInt8](repeating: 0x11, count: 32))!,
            timestampMillis: 1_760_000_000_000,
            transactionCount: 2, txsRoot: Block.txsRoot(first),
            receiptsRoot: Hash(bytes: [UInt8](repeating: 0x22, count: 32))!,
            stateRoot: Hash(bytes: [UInt8](repeating: 0x33, count: 32))!)
        let header8 = BlockHeader(
            number: 8, parentHash: header7.hash, timestampMillis: 1_760_000_000_200, transactionCount: 3,
            txsRoot: Block.txsRoot(second), receiptsRoot: Hash(bytes: [UInt8](repeating: 0x44, count: 32))!,
            stateRoot: Hash(bytes: [UInt8](repeating: 0x55, count: 32))!)
        return [Block(header: header7, transactions: first), Block(header: header8, transactions: second)]
    }

    static let columnSectionHex =
        "2207021111111111111111111111111111111111111111111111111111111111111111088080b3c19c33900302020340"
        + "222222222222222222222222222222222222222222222222222222222222222244444444444444444444444444444444"
        + "444444444444444444444444444444444033333333333333333333333333333333333333333333333333333333333333"
        + "3355555555555555555555555555555555555555555555555555555555555555550b01097374726174612d6c32002402"
        + "001b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f01050500010100010500030000000a"
        + "fa01fa01ac02fa01fa010501010d010e2101c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1"
        + "c1c16103e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1d1d1d1d1d1d1d1d1d1d1d1d1"
        + "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2"
        + "d2d2d2d20100040102010128aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa33c4b99d33faddbb860469369158ccda"
        + "56d596d903e8072a010001000100010202010220bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        + "bbbbbbbb02882703c0a90701000100010101000001000020eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
        + "eeeeeeeeeeeeeeeec0016bc562cc07b15a526f7217cff34660f00b826789109b04bcca165289aa6c2a97393a83fc9e19"
        + "126ecf7a6166bc4734d9628e3c49ef17bdee065a1bc4ae5e9ba20cfad5bab630b8e6f3e40196e241ea04fd5f3641b0cd"
        + "611379142eb55b358670d62ad4a13ee88ffa288e9c624c44ccf5a63aaf39ad21a6511b058f28c6053dde1aa089326df0"
        + "5fecf85a69c3e7a07f78568d6ed177c1d666c6e3f5f023611b0c50a1888d57504a407c037ee0d3fbb49efa4abd869823"
        + "ef14e2bfee93c0236213"
    static let batchHex =
        "040028b52ffd64da01550c00541622070211088080b3c19c3390030202034022444033550b01097374726174612d6c32"
        + "002402001b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f010505000101000105000300"
        + "00000afa01fa01ac020501010d010e2101c16103e1d1d20100040102010128aa33c4b99d33faddbb860469369158ccda"
        + "56d596d903e8072a01000202010220bbbb02882703c0a9070101000001000020eec0016bc562cc07b15a526f7217cff3"
        + "4660f00b826789109b04bcca165289aa6c2a97393a83fc9e19126ecf7a6166bc4734d9628e3c49ef17bdee065a1bc4ae"
        + "5e9ba20cfad5bab630b8e6f3e40196e241ea04fd5f3641b0cd611379142eb55b358670d62ad4a13ee88ffa288e9c624c"
        + "44ccf5a63aaf39ad21a6511b058f28c6053dde1aa089326df05fecf85a69c3e7a07f78568d6ed177c1d666c6e3f5f023"
        + "611b0c50a1888d57504a407c037ee0d3fbb49efa4abd869823ef14e2bfee93c02362130f00b83e545d0608634e182091"
        + "a011d05cd00c5c5f911218d008d0206858d0a80610014efcd702"
    static let commitmentHex =
        "097374726174612d6c320000000000000000000000000000000000000000000000000000000000000000000708a5c2ff"
        + "e1674de85e3bb027fd1543e26f7f41e78d418297d07d6e35ea06ae0e6655555555555555555555555555555555555555"
        + "5555555555555555555555555500bd08598002024ea23be6a63825b0713aacbc9faec5322ae8cb0cf8ed955dab98"
    static let commitmentHash = "7f40f730441d4b7250ee83b36e091fc84f30a8931c038737a809498cb45d6598"

    static var contents: BatchContents { try! BatchContents(blocks: blocks, signer: signer) }

    static var commitment: BatchCommitment {
        get throws {
            let batch = try EncodedBatch(data: Hex.decode(batchHex)!)
            return BatchCommitment(
                rollupID: "strata-l2", batchIndex: 0, parentBatchHash: .zero, blocks: blocks, batch: batch)
        }
    }

    @Test("the column section is the documented one, byte for byte")
    func columnSection() throws {
        #expect(Hex.encode(try BatchEncoder().columnSection(Self.contents)) == Self.columnSectionHex)
    }

    @Test("the documented batch decodes to the two blocks and their aggregate signature, which verifies")
    func batch() throws {
        let data = try #require(Hex.decode(Self.batchHex))
        let decoded = try BatchDecoder().decode(data)
        #expect(decoded == Self.contents)
        #expect(decoded.blocks == Self.blocks.map(BatchBlock.init))
        #expect(decoded.signatureVerifies(signer: Self.signer))
        #expect(Hex.encode(try BatchEncoder().encode(Self.contents, level: 3).data) == Self.batchHex)
    }

    @Test("the documented commitment and batch hash")
    func commitmentVector() throws {
        let commitment = try Self.commitment
        #expect(Hex.encode(commitment.canonicalBytes) == Self.commitmentHex)
        #expect(commitment.hash.description == Self.commitmentHash)
        #expect(commitment.firstBlock == 7 && commitment.lastBlock == 8)
    }

    @Test("the independent Python derivation agrees with the aggregate signature and its signatures")
    func pythonReference() throws {
        let run = try Repository.runPython("docs/reference/l2_batch_signature_reference.py")
        #expect(run.status == 0, "l2_batch_signature_reference.py failed:\n\(run.output)")
        let script = try Repository.text("docs/reference/l2_batch_signature_reference.py")
            .replacingOccurrences(of: "\"\n        \"", with: "")
        for signature in Self.blocks.flatMap(\.transactions).map(\.signature.description) {
            #expect(script.contains(signature), "the script checks signature \(signature.prefix(16))...")
        }
        #expect(script.contains(Self.contents.signature.description.suffix(64)), "the script checks the aggregate's s")
    }

    @Test("docs/l2-batches.md prints every value of the vector")
    func documented() throws {
        let page = try Repository.text("docs/l2-batches.md").replacingOccurrences(of: "\n", with: "")
        for value in [Self.columnSectionHex, Self.batchHex, Self.commitmentHex, Self.commitmentHash]
            + Self.blocks.map({ Hex.encode($0.header.canonicalBytes) })
            + Self.blocks.flatMap(\.transactions).map(\.signature.description)
        {
            #expect(page.contains(value))
        }
    }
}
