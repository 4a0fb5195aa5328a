import Testing

@testable import Common

@Suite("zstd dictionaries")
struct CompressionDictionaryTests {
    static let training = CompressionFixtures.records(count: 2_000, seed: 11)
    static let records = CompressionFixtures.records(count: 500, seed: 12)
    static let dictionary: ZstdDictionary? = try? ZstdDictionary.train(samples: training, maxByteCount: 8 * 1024)

    @Test("a dictionary trained on 2,000 small records compresses unseen records much better than no dictionary")
    func ratioOnSmallRecords() throws {
        let dictionary = try #require(Self.dictionary)
        #expect(dictionary.bytes.count <= 8 * 1024)
        let compressor = ZstdCompressor()
        var raw = 0
        var plain = 0
        var withDictionary = 0
        for record in Self.records {
            raw += record.count
            plain += try compressor.compress(record, level: 3).count
            withDictionary += try compressor.compress(record, level: 3, dictionary: dictionary).count
        }
        // Measured: plain frames are about 0.78 of the records, dictionary frames about 0.41.
        #expect(Double(withDictionary) < 0.7 * Double(plain), "dictionary \(withDictionary) B, plain \(plain) B")
        #expect(Double(withDictionary) < 0.6 * Double(raw))
    }

    @Test("dictionary frames round trip at several levels and name the dictionary id")
    func roundTrip() throws {
        let dictionary = try #require(Self.dictionary)
        let compressor = ZstdCompressor()
        let decompressor = ZstdDecompressor()
        for level in [1, 3, 19, -5, 3] {
            for record in Self.records.prefix(50) {
                let frame = try compressor.compress(record, level: level, dictionary: dictionary)
                let header = try ZstdFrameHeader(parsing: frame)
                #expect(header.dictionaryID == dictionary.id)
                #expect(header.contentSize == UInt64(record.count))
                #expect(header.hasChecksum)
                #expect(
                    try decompressor.decompress(frame, maxOutputBytes: record.count, dictionary: dictionary) == record)
            }
        }
        let batch = Self.records.flatMap { $0 }
        let frame = try compressor.compress(batch, level: 9, dictionary: dictionary)
        #expect(try decompressor.decompress(frame, maxOutputBytes: batch.count, dictionary: dictionary) == batch)
    }

    @Test("a dictionary frame read without its dictionary fails naming the dictionary id it needs")
    func needsDictionary() throws {
        let dictionary = try #require(Self.dictionary)
        let record = Self.records[0]
        let frame = try Zstd.compress(record, level: 3, dictionary: dictionary)
        #expect(throws: ZstdError.dictionaryRequired(id: dictionary.id)) {
            try Zstd.decompress(frame, maxOutputBytes: record.count)
        }
        #expect("\(ZstdError.dictionaryRequired(id: dictionary.id))".contains("dictionary id \(dictionary.id)"))
    }

    @Test("a dictionary frame read with another dictionary fails naming both ids")
    func wrongDictionary() throws {
        let dictionary = try #require(Self.dictionary)
        let other = try ZstdDictionary.train(
            samples: CompressionFixtures.records(count: 2_000, seed: 99).map { $0.reversed() }, maxByteCount: 4 * 1024)
        #expect(other.id != dictionary.id)
        let record = Self.records[1]
        let frame = try Zstd.compress(record, level: 3, dictionary: dictionary)
        #expect(throws: ZstdError.dictionaryMismatch(frameDictionaryID: dictionary.id, givenDictionaryID: other.id)) {
            try Zstd.decompress(frame, maxOutputBytes: record.count, dictionary: other)
        }
    }

    @Test("a dictionary with the right id but other content fails the checksum")
    func sameIDOtherContent() throws {
        let dictionary = try #require(Self.dictionary)
        var bytes = dictionary.bytes
        for index in bytes.count - 2_000..<bytes.count { bytes[index] ^= 0x5A }
        let forged = try ZstdDictionary(bytes: bytes)
        #expect(forged.id == dictionary.id)
        #expect(forged.hash != dictionary.hash)
        #expect(forged != dictionary)
        let batch = Self.records.prefix(20).flatMap { $0 }
        let frame = try Zstd.compress(batch, level: 3, dictionary: dictionary)
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame, maxOutputBytes: batch.count, dictionary: forged) }
    }

    @Test("a frame without a dictionary id is read without the dictionary, even when one is given")
    func plainFrameIgnoresDictionary() throws {
        let dictionary = try #require(Self.dictionary)
        let record = Self.records[2]
        let frame = try Zstd.compress(record, level: 3)
        #expect(try Zstd.decompress(frame, maxOutputBytes: record.count, dictionary: dictionary) == record)
    }

    @Test("the dictionary's name is the BLAKE2b-256 of its bytes, stable across loads and retraining")
    func stableHash() throws {
        let dictionary = try #require(Self.dictionary)
        #expect(dictionary.hash == Hash.blake2b(dictionary.bytes))
        let reloaded = try ZstdDictionary(bytes: dictionary.bytes)
        #expect(reloaded.hash == dictionary.hash)
        #expect(reloaded.id == dictionary.id)
        #expect(reloaded == dictionary)
        let retrained = try ZstdDictionary.train(samples: Self.training, maxByteCount: 8 * 1024)
        #expect(retrained.bytes == dictionary.bytes)
        #expect(retrained.hash == dictionary.hash)
        // A frame written with one copy reads with the other.
        let frame = try Zstd.compress(Self.records[3], level: 3, dictionary: retrained)
        #expect(try Zstd.decompress(frame, maxOutputBytes: 1_000, dictionary: reloaded) == Self.records[3])
    }

    @Test("bytes that are not a zstd dictionary are refused")
    func invalidDictionaries() {
        var random = CompressionTestRandom(seed: 3)
        #expect(throws: ZstdError.self) { try ZstdDictionary(bytes: []) }
        #expect(throws: ZstdError.self) { try ZstdDictionary(bytes: random.bytes(4_096)) }
        #expect(throws: ZstdError.self) {
            try ZstdDictionary(bytes: [0x37, 0xA4, 0x30, 0xEC, 1, 0, 0, 0] + random.bytes(64))
        }
        #expect(throws: ZstdError.self) {
            try ZstdDictionary(bytes: [UInt8](repeating: 0, count: ZstdDictionary.maxByteCount + 1))
        }
    }

    @Test("training fails with a clear error on too few samples or an impossible size")
    func trainingFailures() {
        #expect(throws: ZstdError.trainingFailed(reason: "no samples")) { try ZstdDictionary.train(samples: []) }
        #expect(throws: ZstdError.self) { try ZstdDictionary.train(samples: Array(Self.training.prefix(3))) }
        #expect(throws: ZstdError.self) { try ZstdDictionary.train(samples: Self.training, maxByteCount: 100) }
        #expect(throws: ZstdError.self) {
            try ZstdDictionary.train(samples: Self.training, maxByteCount: ZstdDictionary.maxByteCount + 1)
        }
    }

    @Test("one dictionary is shared by concurrent tasks compressing and decompressing")
    func concurrentUse() async throws {
        let dictionary = try #require(Self.dictionary)
        let records = Self.records
        let ok = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let compressor = ZstdCompressor()
                    let decompressor = ZstdDecompressor()
                    for (index, record) in records.enumerated() where index % 8 == task {
                        let level = [1, 3, 9, 19][index % 4]
                        guard let frame = try? compressor.compress(record, level: level, dictionary: dictionary),
                            let back = try? decompressor.decompress(
                                frame, maxOutputBytes: 1_000, dictionary: dictionary),
                            back == record
                        else { return false }
                    }
                    return true
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(ok)
    }
}
