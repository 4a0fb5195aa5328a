import Bridge
import Common
import Foundation
import L2Runtime

/// Seeded inputs for the batch suites.
enum BatchFixtures {
    static let chainID = "strata-l2-test"

    /// Deterministic keys: secret `i + 1` repeated (all valid secp256k1 scalars).
    static let keys: [AccountPrivateKey] = (0..<24).map { index in
        try! AccountPrivateKey(bytes: [UInt8](repeating: UInt8(index + 1), count: 32))
    }

    /// A chain segment of `blockCount` random blocks: mixed key and index senders, several chain ids at times,
    /// nonces in and out of order, small and huge fees, every kind, payloads that split (well-formed, with ids
    /// that repeat) and some that do not (random bytes, trailing bytes), timestamps that go forward, stay or go back, random roots and
    /// random signatures (a batch does not check them).
    static func randomBlocks(seed: UInt64, blockCount: Int? = nil, maxTransactions: Int = 40) -> [Block] {
        var random = SplitMix64(seed: seed)
        let count = blockCount ?? Int.random(in: 1...6, using: &random)
        let senderPool: [TransactionSender] = (0..<12).map { index in
            index < 5 ? .key(keys[index].publicKey) : .index(AccountIndex(UInt64.random(in: 0...300, using: &random)))
        }
        let chains = [chainID, chainID, chainID, "other-chain", ""]
        var nonces: [TransactionSender: UInt64] = [:]
        var number = UInt64.random(in: 0...1_000, using: &random)
        if Int.random(in: 0..<10, using: &random) == 0 { number = UInt64.max - UInt64(count) + 1 }
        var parent = Hash(bytes: random.bytes(32))!
        var time = UInt64.random(in: 0...UInt64.max, using: &random)
        var blocks: [Block] = []
        for _ in 0..<count {
            let txCount = Int.random(in: 0...maxTransactions, using: &random)
            var transactions: [SignedTransaction] = []
            for _ in 0..<txCount {
                let sender = senderPool[Int.random(in: 0..<senderPool.count, using: &random)]
                var nonce = nonces[sender].map { $0 + 1 } ?? UInt64.random(in: 0...5_000, using: &random)
                if Int.random(in: 0..<8, using: &random) == 0 { nonce = random.next() }
                nonces[sender] = nonce
                let chain =
                    Int.random(in: 0..<6, using: &random) == 0
                    ? chains[Int.random(in: 0..<chains.count, using: &random)] : chainID
                let fee: Amount =
                    Int.random(in: 0..<10, using: &random) == 0
                    ? Amount(UInt128(random.next()) << 64 | UInt128(random.next()))
                    : Amount(UInt128(Int.random(in: 0...5_000, using: &random)))
                let kind =
                    Int.random(in: 0..<4, using: &random) == 0
                    ? .transfer : TransactionKind.allCases.randomElement(using: &random)!
                let payload: [UInt8]
                switch Int.random(in: 0..<10, using: &random) {
                case 0: payload = random.bytes(Int.random(in: 0...120, using: &random))
                case 1: payload = randomPayload(kind, &random, time: time) + [0]
                default: payload = randomPayload(kind, &random, time: time)
                }
                let body = Transaction(
                    chainID: chain, sender: sender, nonce: nonce, fee: fee, kind: kind, payload: payload)
                transactions.append(
                    SignedTransaction(transaction: body, signature: try! SchnorrSignature(bytes: random.bytes(64))))
            }
            switch Int.random(in: 0..<4, using: &random) {
            case 0: time = time &- UInt64.random(in: 0...10_000, using: &random)
            case 1: break
            default: time = time &+ UInt64.random(in: 1...500, using: &random)
            }
            let header = BlockHeader(
                number: number, parentHash: parent, timestampMillis: time,
                transactionCount: UInt32(transactions.count), txsRoot: Block.txsRoot(transactions),
                receiptsRoot: Hash(bytes: random.bytes(32))!, stateRoot: Hash(bytes: random.bytes(32))!)
            blocks.append(Block(header: header, transactions: transactions))
            parent = header.hash
            number &+= 1
        }
        return blocks
    }

    static func randomTransfer(_ random: inout SplitMix64) -> TransferPayload {
        TransferPayload(
            recipient: try! Address(bytes: random.bytes(20)),
            amount: Amount(UInt128(UInt64.random(in: 1...1_000_000, using: &random))))
    }

    /// A block after `parent` (or the first of a segment at `number` when `parent` is nil) holding
    /// `transactions`, with the given roots.
    static func block(
        after parent: BlockHeader?, number: UInt64 = 1, time: UInt64 = 1_760_000_000_000,
        _ transactions: [SignedTransaction], stateRoot: Hash = .zero
    ) -> Block {
        let header = BlockHeader(
            number: parent.map { $0.number + 1 } ?? number, parentHash: parent?.hash ?? .zero,
            timestampMillis: parent.map { $0.timestampMillis + 200 } ?? time,
            transactionCount: UInt32(transactions.count), txsRoot: Block.txsRoot(transactions), receiptsRoot: .zero,
            stateRoot: stateRoot)
        return Block(header: header, transactions: transactions)
    }

    /// A transaction with a fixed signature (0x5a repeated), for vectors.
    static func transaction(
        _ sender: TransactionSender, nonce: UInt64, fee: Amount = 250, kind: TransactionKind = .transfer,
        payload: [UInt8], chainID: String = chainID
    ) -> SignedTransaction {
        SignedTransaction(
            transaction: Transaction(
                chainID: chainID, sender: sender, nonce: nonce, fee: fee, kind: kind, payload: payload),
            signature: try! SchnorrSignature(bytes: [UInt8](repeating: 0x5A, count: 64)))
    }
}

/// A temporary directory removed when the value goes away.
final class BatchTemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ bytes: some Sequence<UInt8>, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Runs the stock `zstd` command-line tool.
enum ZstdTool {
    static let path: String? = ["/usr/bin/zstd", "/usr/local/bin/zstd", "/opt/homebrew/bin/zstd"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "the zstd command-line tool is not installed: run scripts/setup" }
    }

    static func run(_ arguments: [String]) throws -> (output: [UInt8], status: Int32) {
        guard let path else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ([UInt8](output), process.terminationStatus)
    }
}

extension BatchFixtures {
    /// The key the fixtures' signatures are aggregated under: a sender by key's own key, and `keys[i % 24]` for
    /// account index `i`. (Most fixture signatures are random bytes, so their aggregates do not verify: these tests
    /// are about the format.)
    @Sendable static func signer(_ sender: TransactionSender) -> AccountPublicKey? {
        switch sender {
        case .key(let key): key
        case .index(let index): keys[Int(index.value % UInt64(keys.count))].publicKey
        }
    }

    /// The batch contents of `blocks`, their signatures aggregated under ``signer(_:)``.
    static func contents(_ blocks: [Block]) -> BatchContents {
        try! BatchContents(blocks: blocks, signer: signer)
    }
}

extension BatchEncoder {
    /// Test shorthand: encodes `blocks` with their signatures aggregated under ``BatchFixtures/signer(_:)``.
    func encode(_ blocks: [Block], level: Int = Zstd.defaultLevel, dictionary: ZstdDictionary? = nil) throws
        -> EncodedBatch
    {
        try encode(BatchFixtures.contents(blocks), level: level, dictionary: dictionary)
    }

    /// Test shorthand: the column section of `blocks` with their signatures aggregated as above.
    func columnSection(_ blocks: [Block]) throws -> [UInt8] {
        try columnSection(BatchFixtures.contents(blocks))
    }
}
