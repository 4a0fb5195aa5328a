import Common
import L2Runtime
import PropertyBased
import Testing

@testable import Bridge

@Suite("batch decoding refuses damaged, hostile and non-canonical data with typed errors")
struct BatchRejectionTests {
    static let blocks = BatchFixtures.randomBlocks(seed: 77, blockCount: 3, maxTransactions: 12)

    @Test("every truncation of a batch is refused")
    func truncations() throws {
        let batch = try BatchEncoder().encode(Self.blocks)
        for length in 0..<batch.data.count {
            #expect(throws: BatchDecodingError.self) { try BatchDecoder().decode(Array(batch.data.prefix(length))) }
        }
        let section = try BatchEncoder().columnSection(Self.blocks)
        for length in 0..<section.count {
            #expect(throws: BatchDecodingError.self) {
                try BatchDecoder().contents(fromColumns: Array(section.prefix(length)))
            }
        }
    }

    /// zstd does not read every bit of a frame (the header's unused bit, some bits at the end of an entropy
    /// stream), so a few flips give back the same content; what must never happen is other content.
    @Test("a corrupted frame is refused (checksum or block damage) or gives back exactly the same blocks")
    func corruptFrames() async throws {
        let batch = try BatchEncoder().encode(Self.blocks)
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { seed in
            var random = SplitMix64(seed: seed)
            var data = batch.data
            let position = Int.random(in: batch.frameOffset..<data.count, using: &random)
            data[position] ^= UInt8.random(in: 1...255, using: &random)
            if let decoded = try? BatchDecoder().decode(data) {
                #expect(decoded == BatchFixtures.contents(Self.blocks))
            }
        }
    }

    @Test("a damaged column section either is refused or is the canonical section of what it decodes to")
    func damagedSectionsAreCanonicalOrRefused() async throws {
        let section = try BatchEncoder().columnSection(Self.blocks)
        await propertyCheck(count: 2_000, input: Gen<UInt64>.value()) { seed in
            var random = SplitMix64(seed: seed)
            var damaged = section
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    damaged[Int.random(in: 0..<damaged.count, using: &random)] ^= UInt8.random(
                        in: 1...255, using: &random)
                case 1:
                    damaged.insert(
                        UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...damaged.count, using: &random)
                    )
                default: if damaged.count > 1 { damaged.remove(at: Int.random(in: 0..<damaged.count, using: &random)) }
                }
            }
            do {
                let decoded = try BatchDecoder().contents(fromColumns: damaged)
                #expect(try BatchEncoder().columnSection(decoded) == damaged)
            } catch {
                // Refused with a typed error: what is wanted.
            }
        }
    }

    @Test("a frame that declares more than the column cap is refused before anything is allocated (zip bomb)")
    func zipBomb() throws {
        let bomb = try Zstd.compress([UInt8](repeating: 0, count: 64 << 20), level: 1)
        #expect(bomb.count < 64 << 10)
        let data = [BatchFormat.version, 0] + bomb
        #expect(throws: BatchDecodingError.compression(.outputOverCap(cap: 16 << 20, declaredSize: 64 << 20))) {
            try BatchDecoder().decode(data)
        }
        let section = try BatchEncoder().columnSection(Self.blocks)
        let limits = BatchLimits(
            maxDataBytes: 1 << 20, maxColumnBytes: section.count - 1, maxBlocks: 10, maxTransactions: 100)
        let batch = try BatchEncoder().encode(Self.blocks)
        #expect(
            throws: BatchDecodingError.compression(
                .outputOverCap(cap: section.count - 1, declaredSize: UInt64(section.count)))
        ) {
            try BatchDecoder(limits: limits).decode(batch.data)
        }
        let tight = BatchLimits(
            maxDataBytes: batch.data.count - 1, maxColumnBytes: 1 << 20, maxBlocks: 10, maxTransactions: 100)
        #expect(throws: BatchDecodingError.dataOverCap(bytes: batch.data.count, cap: batch.data.count - 1)) {
            try BatchDecoder(limits: tight).decode(batch.data)
        }
    }

    @Test("counts that claim more than the caps or than the data holds are refused, not allocated")
    func hostileCounts() throws {
        func varint(_ value: UInt64) -> [UInt8] {
            var writer = ByteWriter()
            writer.writeVarint(value)
            return writer.bytes
        }
        let parent = [UInt8](repeating: 0, count: 32)
        // More blocks than the cap.
        #expect(throws: BatchDecodingError.self) {
            try BatchDecoder().contents(fromColumns: Self.section([varint(1) + varint(65_537) + parent]))
        }
        // 65,536 blocks of 65,536 transactions each, in a few bytes: the running total passes the cap.
        let manyBlocks = varint(1) + varint(65_536) + parent
        let times = varint(0) + [UInt8](repeating: 0, count: 65_535)
        let counts = (0..<65_536).flatMap { _ in varint(65_536) }
        #expect {
            try BatchDecoder().contents(fromColumns: Self.section([manyBlocks, times, counts]))
        } throws: { error in
            guard case .column("transaction counts", .lengthOverCap) = error as? BatchDecodingError else {
                return false
            }
            return true
        }
        // 1,000 transactions claimed in a few bytes: refused at the first column that must hold them.
        let one = varint(0) + varint(1) + parent
        #expect(throws: BatchDecodingError.self) {
            try BatchDecoder().contents(
                fromColumns: Self.section([one, varint(0), varint(1_000), parent, parent, [0]]))
        }
    }

    @Test("the envelope: version, dictionary flag, one frame and nothing after it")
    func envelope() throws {
        let batch = try BatchEncoder().encode(Self.blocks)
        #expect(throws: BatchDecodingError.emptyInput) { try BatchDecoder().decode([]) }
        var wrongVersion = batch.data
        wrongVersion[0] = 1  // version 1 (transfers-only layout) is refused too
        #expect(throws: BatchDecodingError.unsupportedVersion(1)) { try BatchDecoder().decode(wrongVersion) }
        var badFlag = batch.data
        badFlag[1] = 2
        #expect(throws: BatchDecodingError.envelope(.unknownTag(what: "optional flag", offset: 1, tag: 2))) {
            try BatchDecoder().decode(badFlag)
        }
        #expect(throws: BatchDecodingError.self) { try BatchDecoder().decode(Array(batch.data.prefix(2))) }
        let trailing = batch.data + [0]
        #expect(throws: BatchDecodingError.compression(.trailingBytes(count: 1, frameSize: batch.frame.count))) {
            try BatchDecoder().decode(trailing)
        }
        // Naming a dictionary the frame does not use is not canonical.
        let dictionary = try ZstdDictionary.train(
            samples: (0..<300).map { try! BatchEncoder().columnSection(BatchFixtures.randomBlocks(seed: UInt64($0))) },
            maxByteCount: 2048)
        let named = [BatchFormat.version, 1] + dictionary.hash.bytes + Array(batch.frame)
        #expect(throws: BatchDecodingError.self) {
            try BatchDecoder().decode(named, dictionaries: [dictionary.hash: dictionary])
        }
    }

    /// A column section from explicit columns.
    static func section(_ columns: [[UInt8]]) -> [UInt8] {
        var writer = ColumnSectionWriter()
        for column in columns {
            var content = ByteWriter()
            content.writeRaw(column)
            writer.append(content)
        }
        return writer.bytes
    }

    /// The columns of a batch of one block holding `transactions`.
    static func columns(_ transactions: [SignedTransaction]) throws -> [[UInt8]] {
        let section = try BatchEncoder().columnSection([BatchFixtures.block(after: nil, transactions)])
        var reader = ByteReader(section)
        var columns: [[UInt8]] = []
        while !reader.isAtEnd { columns.append(try reader.readBytes(cap: section.count)) }
        return columns
    }

    @Test("non-canonical columns are refused, each naming its column")
    func nonCanonicalColumns() throws {
        let a = BatchFixtures.keys[0].publicKey
        let b = BatchFixtures.keys[1].publicKey
        let transfer = TransferPayload(recipient: b.address, amount: 9).canonicalBytes
        let good = try Self.columns([
            BatchFixtures.transaction(.key(a), nonce: 4, payload: transfer),
            BatchFixtures.transaction(.key(b), nonce: 0, payload: transfer),
            BatchFixtures.transaction(.key(a), nonce: 5, payload: transfer),
        ])
        // 0 blocks, 1 timestamps, 2 counts, 3 receipts, 4 states, 5 chain ids, 6 chain positions, 7 account
        // table, 8 senders, 9 nonces, 10 fees, 11 kinds, 12-14 id tables, 15 transfer.raw, 16 recipient,
        // 17 amount, 18 aggregate signature.
        #expect(good.count == 19)
        #expect(try BatchDecoder().contents(fromColumns: Self.section(good)).blocks.count == 1)

        func refused(_ change: (inout [[UInt8]]) -> Void, column: String) {
            var columns = good
            change(&columns)
            #expect {
                try BatchDecoder().contents(fromColumns: Self.section(columns))
            } throws: { error in
                guard case .column(let name, _) = error as? BatchDecodingError else { return false }
                return name == column
            }
        }
        refused({ $0[0][1] = 0 }, column: "blocks")  // no blocks
        refused({ $0[2] = [0x83, 0x00] }, column: "transaction counts")  // non-minimal varint
        refused({ $0[5] += Array("x".utf8) }, column: "chain ids")  // trailing bytes
        refused({ $0[6] = [0, 0, 0] }, column: "chain id positions")  // positions with one chain
        refused({ $0[8] = [1, 0, 0] }, column: "senders")  // out of first-appearance order
        refused({ $0[8] = [0, 0, 0] }, column: "senders")  // a table entry never used
        refused({ $0[7] = [2] + $0[7].dropFirst().prefix(33) + $0[7].dropFirst().prefix(33) }, column: "account table")
        refused({ $0[9].append(0) }, column: "nonces")
        refused({ $0[11][0] = 0 }, column: "kinds")  // kind 0 does not exist
        refused({ $0[11][0] = 2 }, column: "transfer.recipient")  // one transfer fewer: a recipient left over
        refused({ $0[15] = [1, 0, UInt8(transfer.count)] + transfer }, column: "transfer.raw")  // splits: not raw
        refused({ $0[16].removeLast() }, column: "transfer.recipient")
        refused({ $0[12] = [1] + [UInt8](repeating: 7, count: 32) }, column: "ids.zones")  // an id never used
        refused({ $0[18].removeLast() }, column: "aggregate signature")
        refused({ $0[18] += [UInt8](repeating: 0, count: 32) }, column: "aggregate signature")  // one r too many
        var extra = good
        extra.append([])
        #expect(throws: BatchDecodingError.self) { try BatchDecoder().contents(fromColumns: Self.section(extra)) }
    }
}
