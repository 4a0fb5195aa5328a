import Common
import L2Runtime
import PropertyBased
import Testing

@testable import Bridge

@Suite("batch round trip: the decoder restores the exact blocks")
struct BatchRoundTripTests {
    @Test("random chain segments decode to byte-identical blocks, and re-encode to the same bytes")
    func randomSegmentsRoundTrip() async {
        await propertyCheck(count: 150, input: Gen<UInt64>.value()) { seed in
            let blocks = BatchFixtures.randomBlocks(seed: seed)
            let encoder = BatchEncoder()
            let decoder = BatchDecoder()
            let level = [1, 3, 9][Int(seed % 3)]
            let batch = try encoder.encode(blocks, level: level)
            let decoded = try decoder.decode(batch.data)
            #expect(decoded == BatchFixtures.contents(blocks))
            #expect(decoded.blocks.map(\.header.canonicalBytes) == blocks.map(\.header.canonicalBytes))
            #expect(
                decoded.transactions.map(\.canonicalBytes)
                    == blocks.flatMap(\.transactions).map(\.transaction.canonicalBytes))
            #expect(try encoder.encode(decoded, level: level) == batch)
        }
    }

    @Test("one account as a key sender and as an index sender keeps each form, and its nonces")
    func mixedSenderForms() throws {
        let key = BatchFixtures.keys[0].publicKey
        let other = BatchFixtures.keys[1].publicKey
        let transfer = TransferPayload(recipient: other.address, amount: 5).canonicalBytes
        let transactions = [
            BatchFixtures.transaction(.key(key), nonce: 0, payload: transfer),
            BatchFixtures.transaction(.index(AccountIndex(0)), nonce: 1, payload: transfer),
            BatchFixtures.transaction(.key(other), nonce: 7, payload: transfer),
            BatchFixtures.transaction(.index(AccountIndex(0)), nonce: 2, payload: transfer),
            BatchFixtures.transaction(.key(key), nonce: 3, payload: transfer),
            BatchFixtures.transaction(.index(AccountIndex(300)), nonce: 0, payload: transfer),
        ]
        let blocks = [BatchFixtures.block(after: nil, transactions)]
        let decoded = try BatchDecoder().decode(try BatchEncoder().encode(blocks).data)
        #expect(decoded == BatchFixtures.contents(blocks))
        #expect(decoded.blocks[0].transactions.map(\.sender) == transactions.map(\.transaction.sender))
    }

    @Test("transfer payloads that are not canonical transfers are carried raw and restored")
    func rawTransferPayloads() throws {
        let key = BatchFixtures.keys[2].publicKey
        let good = TransferPayload(recipient: key.address, amount: 1_000).canonicalBytes
        let payloads: [[UInt8]] = [good, [], [1, 2, 3], good + [0], good, Array(good.dropLast()), good]
        let transactions = payloads.enumerated().map { index, payload in
            BatchFixtures.transaction(.key(key), nonce: UInt64(index), payload: payload)
        }
        let blocks = [BatchFixtures.block(after: nil, transactions)]
        let encoder = BatchEncoder()
        #expect(
            try BatchDecoder().contents(fromColumns: try encoder.columnSection(blocks))
                == BatchFixtures.contents(blocks))
    }

    @Test("a batch compressed with a trained dictionary names it by hash and needs it to decode")
    func dictionaryBatches() throws {
        let samples = (0..<400).map { seed in
            (try? BatchEncoder().columnSection(BatchFixtures.randomBlocks(seed: UInt64(seed), blockCount: 1))) ?? []
        }
        let dictionary = try ZstdDictionary.train(samples: samples, maxByteCount: 4 * 1024)
        let blocks = BatchFixtures.randomBlocks(seed: 9_001, blockCount: 3)
        let batch = try BatchEncoder().encode(blocks, level: 19, dictionary: dictionary)
        #expect(batch.dictionaryHash == dictionary.hash)
        #expect(
            try BatchDecoder().decode(batch.data, dictionaries: [dictionary.hash: dictionary])
                == BatchFixtures.contents(blocks))
        #expect(throws: BatchDecodingError.unknownDictionary(dictionary.hash)) {
            try BatchDecoder().decode(batch.data)
        }
    }

    @Test("the encoder refuses blocks that are not a chain segment it can restore")
    func encoderChecks() throws {
        let key = BatchFixtures.keys[0].publicKey
        let tx = BatchFixtures.transaction(.key(key), nonce: 0, payload: [])
        let first = BatchFixtures.block(after: nil, [tx])
        let second = BatchFixtures.block(after: first.header, [])
        let encoder = BatchEncoder()
        #expect(throws: BatchEncodingError.noBlocks) { try encoder.encode([]) }
        #expect(throws: BatchEncodingError.notConsecutive(expected: 2, found: 1)) {
            try encoder.encode([first, first])
        }
        var orphan = second
        orphan.header.parentHash = .zero
        #expect(throws: BatchEncodingError.parentMismatch(number: 2)) { try encoder.encode([first, orphan]) }
        var miscounted = first
        miscounted.header.transactionCount = 2
        #expect(throws: BatchEncodingError.self) { try encoder.encode([miscounted]) }
        var wrongRoot = first
        wrongRoot.header.txsRoot = .zero
        #expect(throws: BatchEncodingError.self) { try encoder.encode([wrongRoot]) }
        let small = BatchEncoder(
            limits: BatchLimits(maxDataBytes: 1 << 20, maxColumnBytes: 100, maxBlocks: 1, maxTransactions: 10))
        #expect(throws: BatchEncodingError.tooManyBlocks(count: 2, cap: 1)) { try small.encode([first, second]) }
        #expect(throws: BatchEncodingError.self) { try small.encode([first]) }
    }
}
