import CZstd
import Testing

@testable import Common

@Suite("zstd compression round trips")
struct CompressionRoundTripTests {
    static let input = CompressionFixtures.text(byteCount: 200_000)

    @Test(
        "a frame decompresses to its input at every level from the fastest to the slowest",
        arguments: [
            Zstd.minLevel, -100, -5, -1, 0, 1, 3, 9, 19, Zstd.maxLevel,
        ])
    func roundTrip(level: Int) throws {
        let frame = try Zstd.compress(Self.input, level: level)
        #expect(try Zstd.decompress(frame, maxOutputBytes: Self.input.count) == Self.input)
        if level >= 1 { #expect(frame.count < Self.input.count / 2) }
    }

    @Test("empty input compresses to a frame that decompresses to nothing")
    func emptyRoundTrip() throws {
        let frame = try Zstd.compress([], level: 3)
        #expect(!frame.isEmpty)
        #expect(try ZstdFrameHeader(parsing: frame).contentSize == 0)
        #expect(try Zstd.decompress(frame, maxOutputBytes: 0) == [])
        #expect(try Zstd.decompress(frame, maxOutputBytes: 100) == [])
    }

    @Test("higher levels give smaller frames on compressible data")
    func levelsOrderSizes() throws {
        let fast = try Zstd.compress(Self.input, level: 1)
        let slow = try Zstd.compress(Self.input, level: 19)
        #expect(slow.count < fast.count)
    }

    @Test("levels outside libzstd's range are rejected with the allowed range")
    func invalidLevels() {
        #expect(throws: ZstdError.invalidLevel(23, allowed: Zstd.levels)) { try Zstd.compress([1, 2, 3], level: 23) }
        #expect(throws: ZstdError.invalidLevel(Zstd.minLevel - 1, allowed: Zstd.levels)) {
            try Zstd.compress([1, 2, 3], level: Zstd.minLevel - 1)
        }
        #expect(Zstd.maxLevel == 22)
        #expect(Zstd.minLevel < 0)
        #expect("\(ZstdError.invalidLevel(23, allowed: 1...22))" == "zstd level 23 is outside 1...22")
    }

    @Test("every frame carries its content size and a checksum and names no dictionary")
    func frameHeaderFields() throws {
        for size in [0, 1, 255, 256, 300, 65_791, 65_792, 200_000] {
            let input = CompressionFixtures.text(byteCount: size, seed: UInt64(size))
            let frame = try Zstd.compress(input, level: 3)
            let header = try ZstdFrameHeader(parsing: frame)
            #expect(header.contentSize == UInt64(size))
            #expect(header.hasChecksum)
            #expect(header.dictionaryID == 0)
            #expect(header.windowSize <= 1 << Zstd.windowLogMax)
            // The header reader agrees with libzstd's own.
            let libzstdSize = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
            #expect(libzstdSize == UInt64(size))
        }
    }

    @Test("one compressor and one decompressor serve many frames at changing levels")
    func reusedContexts() throws {
        let compressor = ZstdCompressor()
        let decompressor = ZstdDecompressor()
        for (index, level) in [19, 1, -3, 9, 3, 1, 22].enumerated() {
            let input = CompressionFixtures.text(byteCount: 1_000 * (index + 1), seed: UInt64(index))
            let frame = try compressor.compress(input, level: level)
            #expect(try decompressor.decompress(frame, maxOutputBytes: input.count) == input)
        }
    }

    @Test("incompressible input round trips and grows by only a few bytes")
    func incompressible() throws {
        var random = CompressionTestRandom(seed: 7)
        let input = random.bytes(100_000)
        let frame = try Zstd.compress(input, level: 19)
        #expect(frame.count <= input.count + 32)
        #expect(try Zstd.decompress(frame, maxOutputBytes: input.count) == input)
    }

    @Test("a streamed frame, with or without a pledged size, decompresses to the concatenated chunks")
    func streamedFrames() throws {
        let chunks = (0..<5).map { CompressionFixtures.text(byteCount: 70_000, seed: UInt64($0)) }
        let whole = chunks.flatMap { $0 }
        let compressor = ZstdCompressor()
        let sized = try compressor.compress(
            chunks: chunks, level: 3, pledgedContentSize: UInt64(whole.count))
        let unsized = try compressor.compress(chunks: chunks, level: 3, pledgedContentSize: nil)
        #expect(try ZstdFrameHeader(parsing: sized).contentSize == UInt64(whole.count))
        #expect(try ZstdFrameHeader(parsing: unsized).contentSize == nil)
        #expect(try Zstd.decompress(sized, maxOutputBytes: whole.count) == whole)
        #expect(try Zstd.decompress(unsized, maxOutputBytes: whole.count) == whole)
    }
}
