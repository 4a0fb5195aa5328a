import Common
import L2Runtime
import TestSupport
import Testing

@testable import Bridge

/// The worked batch of docs/l2-batches.md, section "Golden vector".
@Suite("the golden batch of docs/l2-batches.md")
struct BatchGoldenVectorTests {
    static func signature(_ byte: UInt8) -> SchnorrSignature {
        try! SchnorrSignature(bytes: [UInt8](repeating: byte, count: 64))
    }

    /// Blocks 7 and 8: a transfer by key, a transfer by index, an execution request (zone, engine, two
    /// resources, deadline a minute after its block), and a malformed transfer payload (carried raw).
    static var blocks: [Block] {
        let key = BatchFixtures.keys[0].publicKey
        func tx(
            _ sender: TransactionSender, _ nonce: UInt64, _ fee: Amount, _ kind: TransactionKind, _ payload: [UInt8],
            _ sig: UInt8
        )
            -> SignedTransaction
        {
            SignedTransaction(
                transaction: Transaction(
                    chainID: "strata-l2", sender: sender, nonce: nonce, fee: fee, kind: kind, payload: payload),
                signature: signature(sig))
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
        let second = [
            tx(.index(AccountIndex(5)), 4, 300, .requestExecution, request.canonicalBytes, 0xA2),
            tx(.key(key), 1, 250, .transfer, [0x01], 0xA3),
        ]
        let header7 = BlockHeader(
            number: 7, parentHash: Hash(bytes: [UInt8](repeating: 0x11, count: 32))!,
            timestampMillis: 1_760_000_000_000,
            transactionCount: 2, txsRoot: Block.txsRoot(first),
            receiptsRoot: Hash(bytes: [UInt8](repeating: 0x22, count: 32))!,
            stateRoot: Hash(bytes: [UInt8](repeating: 0x33, count: 32))!)
        let header8 = BlockHeader(
            number: 8, parentHash: header7.hash, timestampMillis: 1_760_000_000_200, transactionCount: 2,
            txsRoot: Block.txsRoot(second), receiptsRoot: Hash(bytes: [UInt8](repeating: 0x44, count: 32))!,
            stateRoot: Hash(bytes: [UInt8](repeating: 0x55, count: 32))!)
        return [Block(header: header7, transactions: first), Block(header: header8, transactions: second)]
    }

    static let columnSectionHex =
        "2207021111111111111111111111111111111111111111111111111111111111111111088080b3c19c33900302020240"
        + "222222222222222222222222222222222222222222222222222222222222222244444444444444444444444444444444"
        + "444444444444444444444444444444444033333333333333333333333333333333333333333333333333333333333333"
        + "3355555555555555555555555555555555555555555555555555555555555555550b01097374726174612d6c32002402"
        + "001b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f01050400010100040003000008fa01"
        + "fa01ac02fa010401010d012101c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c16103e1"
        + "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1"
        + "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d201"
        + "00040102010128aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa33c4b99d33faddbb860469369158ccda56d596d903"
        + "e8072a010001000100010202010220bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02"
        + "882703c0a9078002a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0"
        + "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
        + "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a2a2a2a2a2a2a2a2"
        + "a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2"
        + "a2a2a2a2a2a2a2a2a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3"
        + "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3"
    static let batchHex =
        "020028b52ffd64e801550600340a22070211088080b3c19c3390030202024022444033550b01097374726174612d6c32"
        + "002402001b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f010504000101000400030000"
        + "08fa01fa01ac02fa010401010d012101c16103e1d1d20100040102010128aa33c4b99d33faddbb860469369158ccda56"
        + "d596d903e8072a01000202010220bbbb02882703c0a9078002a0a0a1a1a2a2a3a3100003121e90f0808407240f843127"
        + "0c9048d008682e68a6018d018d000d8286058d6a0011ec1b0634"
    static let commitmentHex =
        "097374726174612d6c3200000000000000000000000000000000000000000000000000000000000000000007081d891d"
        + "1a316a169166d6b2b9eda83c01518a94f3073c2420c1aa43cf5d0f123b55555555555555555555555555555555555555"
        + "555555555555555555555555550051a6b7564fa10cd7253e6fc9ec419ed4d56fd04422b17bd4b06608194338f75e"
    static let commitmentHash = "84917374c30ca55b8b7c6a9c92eca874a581711d15402ecb1a526e664d8f0119"

    static var commitment: BatchCommitment {
        get throws {
            let batch = try EncodedBatch(data: Hex.decode(batchHex)!)
            return BatchCommitment(
                rollupID: "strata-l2", batchIndex: 0, parentBatchHash: .zero, blocks: blocks, batch: batch)
        }
    }

    @Test("the column section is the documented one, byte for byte")
    func columnSection() throws {
        #expect(Hex.encode(try BatchEncoder().columnSection(Self.blocks)) == Self.columnSectionHex)
    }

    @Test("the documented batch decodes to the two blocks, and level 3 writes exactly it")
    func batch() throws {
        let data = try #require(Hex.decode(Self.batchHex))
        #expect(try BatchDecoder().decode(data) == Self.blocks)
        #expect(Hex.encode(try BatchEncoder().encode(Self.blocks, level: 3).data) == Self.batchHex)
    }

    @Test("the documented commitment and batch hash")
    func commitmentVector() throws {
        let commitment = try Self.commitment
        #expect(Hex.encode(commitment.canonicalBytes) == Self.commitmentHex)
        #expect(commitment.hash.description == Self.commitmentHash)
        #expect(commitment.firstBlock == 7 && commitment.lastBlock == 8)
    }

    @Test("docs/l2-batches.md prints every value of the vector")
    func documented() throws {
        let page = try Repository.text("docs/l2-batches.md").replacingOccurrences(of: "\n", with: "")
        for value in [Self.columnSectionHex, Self.batchHex, Self.commitmentHex, Self.commitmentHash]
            + Self.blocks.map({ Hex.encode($0.header.canonicalBytes) })
        {
            #expect(page.contains(value))
        }
    }
}
