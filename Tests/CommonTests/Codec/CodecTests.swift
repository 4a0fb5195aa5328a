import PropertyBased
import Testing

@testable import Common

/// A record using every kind of field the codec offers, to round-trip as a whole.
private struct Sample: CanonicalCodable, Equatable {
    var flag: Bool
    var small: UInt16
    var fixed: UInt64
    var count: UInt64
    var name: String
    var blob: [UInt8]
    var hashes: [Hash]
    var note: Hash?

    func encode(to writer: inout ByteWriter) {
        writer.write(flag)
        writer.writeFixed(small)
        writer.writeFixed(fixed)
        writer.writeVarint(count)
        writer.writeString(name)
        writer.writeBytes(blob)
        writer.writeList(hashes)
        writer.writeOptional(note)
    }

    init(from reader: inout ByteReader) throws(CodecError) {
        flag = try reader.readBool()
        small = try reader.readFixed(UInt16.self)
        fixed = try reader.readFixed(UInt64.self)
        count = try reader.readVarint(UInt64.self)
        name = try reader.readString(cap: 64)
        blob = try reader.readBytes(cap: 256)
        hashes = try reader.readList(Hash.self, cap: 8)
        note = try reader.readOptional(Hash.self)
    }

    init(
        flag: Bool, small: UInt16, fixed: UInt64, count: UInt64, name: String, blob: [UInt8], hashes: [Hash],
        note: Hash?
    ) {
        (self.flag, self.small, self.fixed, self.count) = (flag, small, fixed, count)
        (self.name, self.blob, self.hashes, self.note) = (name, blob, hashes, note)
    }
}

@Suite("Canonical codec")
struct CodecTests {
    static func varint(_ value: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(value)
        return writer.bytes
    }

    @Test("varints round-trip and use the fewest bytes, for any 64-bit value")
    func varintRoundTrip() async {
        await propertyCheck(count: 1000, input: Gen<UInt64>.value()) { value in
            let bytes = Self.varint(value)
            var reader = ByteReader(bytes)
            #expect((try? reader.readVarint(UInt64.self)) == value)
            #expect(reader.isAtEnd)
            #expect(bytes.count == max(1, (64 - value.leadingZeroBitCount + 6) / 7))
        }
    }

    @Test(
        "known varint encodings",
        arguments: [
            (UInt64(0), "00"), (1, "01"), (127, "7f"), (128, "8001"), (300, "ac02"), (16384, "808001"),
            (UInt64.max, "ffffffffffffffffff01"),
        ])
    func varintVectors(value: UInt64, hex: String) {
        #expect(Hex.encode(Self.varint(value)) == hex)
    }

    @Test("non-minimal varints are rejected with their offset", arguments: ["8000", "ff00", "808000", "8180808000"])
    func nonMinimal(hex: String) {
        var reader = ByteReader(Hex.decode(hex)!)
        #expect(throws: CodecError.nonMinimalVarint(offset: 0)) { try reader.readVarint(UInt64.self) }
    }

    @Test("128-bit amounts round-trip as varints, and the widest value needs 19 bytes")
    func wideVarints() throws {
        for value: UInt128 in [0, UInt128(UInt64.max) + 1, UInt128(1) << 100, .max] {
            var writer = ByteWriter()
            writer.writeVarint(value)
            var reader = ByteReader(writer.bytes)
            #expect(try reader.readVarint(UInt128.self) == value)
            #expect(reader.isAtEnd)
        }
        var writer = ByteWriter()
        writer.writeVarint(UInt128.max)
        #expect(writer.bytes.count == 19)
        var narrow = ByteReader(writer.bytes)
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 64)) { try narrow.readVarint(UInt64.self) }
    }

    @Test("varints wider than their type are rejected")
    func overflow() {
        var reader = ByteReader(Hex.decode("ffffffffffffffffff02")!)
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 64)) { try reader.readVarint(UInt64.self) }
        var eleven = ByteReader(Hex.decode("ffffffffffffffffffff01")!)
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 64)) { try eleven.readVarint(UInt64.self) }
        var narrow = ByteReader(Self.varint(70_000))
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 16)) { try narrow.readVarint(UInt16.self) }
    }

    @Test("lengths over their cap are refused before anything is allocated")
    func caps() {
        var writer = ByteWriter()
        writer.writeVarint(UInt64(1) << 40)
        var reader = ByteReader(writer.bytes)
        #expect(throws: CodecError.lengthOverCap(what: "bytes", offset: 0, length: 1 << 40, cap: 1024)) {
            try reader.readBytes(cap: 1024)
        }
        var list = ByteReader(Self.varint(9) + [UInt8](repeating: 0, count: 9 * 32))
        #expect(throws: CodecError.lengthOverCap(what: "list", offset: 0, length: 9, cap: 8)) {
            try list.readList(Hash.self, cap: 8)
        }
    }

    @Test("truncation, trailing bytes, bad booleans, bad optionals and invalid UTF-8 each get their error")
    func typedErrors() {
        var short = ByteReader([1, 2, 3])
        #expect(throws: CodecError.truncated(what: "integer", offset: 0, needed: 5)) {
            try short.readFixed(UInt64.self)
        }
        #expect(throws: CodecError.trailingBytes(offset: 32, count: 1)) {
            try Hash(canonicalBytes: [UInt8](repeating: 0, count: 33))
        }
        var bool = ByteReader([2])
        #expect(throws: CodecError.self) { try bool.readBool() }
        var optional = ByteReader([7])
        #expect(throws: CodecError.unknownTag(what: "optional flag", offset: 0, tag: 7)) {
            try optional.readOptional(Hash.self)
        }
        var utf8 = ByteReader([2, 0xC3, 0x28])
        #expect(throws: CodecError.invalidValue(what: "string", offset: 0, reason: "not valid UTF-8")) {
            try utf8.readString(cap: 10)
        }
        // Messages say what failed and where.
        #expect("\(CodecError.truncated(what: "hash", offset: 4, needed: 28))".contains("offset 4"))
    }

    @Test("decode(encode(x)) == x for records of every field kind")
    func recordRoundTrip() async {
        let hashes = Gen<UInt8>.value().array(of: 32).map { Hash(bytes: $0)! }
        await propertyCheck(
            count: 300,
            input: Gen<UInt64>.value(), Gen<UInt8>.value().array(of: 0...64), hashes.array(of: 0...8),
            Gen<Int>.int(in: 0...3)
        ) { number, blob, list, choice in
            let sample = Sample(
                flag: choice.isMultiple(of: 2), small: UInt16(truncatingIfNeeded: number), fixed: number,
                count: number >> UInt64(choice * 8), name: "name-\(number % 1000)-é", blob: blob, hashes: list,
                note: choice == 3 ? list.first : nil)
            let bytes = sample.canonicalBytes
            #expect((try? Sample(canonicalBytes: bytes)) == sample)
            // Every strict prefix fails cleanly; one extra byte is refused.
            for cut in 0..<bytes.count {
                #expect(throws: CodecError.self) { try Sample(canonicalBytes: Array(bytes[..<cut])) }
            }
            #expect(throws: CodecError.self) { try Sample(canonicalBytes: bytes + [0]) }
        }
    }

    @Test("random bytes never crash a decoder")
    func randomBytes() async {
        await propertyCheck(count: 2000, input: Gen<UInt8>.value().array(of: 0...120)) { bytes in
            _ = try? Sample(canonicalBytes: bytes)
            _ = try? StateProof(canonicalBytes: bytes)
            _ = try? Multiproof(canonicalBytes: bytes)
            _ = try? MerkleListProof(canonicalBytes: bytes)
            var reader = ByteReader(bytes)
            while (try? reader.readVarint(UInt64.self)) != nil {}
        }
    }

    @Test("hex round-trips and rejects odd lengths and non-hex characters")
    func hex() {
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
