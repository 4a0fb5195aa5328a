import Testing

@testable import Common

/// Decompression of frames from an untrusted writer: bounded output, and an error, never a crash.
@Suite("zstd decompression of untrusted frames")
struct CompressionCapTests {
    static let gibibyte = 1 << 30
    static let mebibyte = 1 << 20

    /// 1 GiB of zeros, streamed in 1 MiB chunks so the test never holds it.
    static func zeroBomb(pledged: Bool) throws -> [UInt8] {
        let chunk = [UInt8](repeating: 0, count: mebibyte)
        return try ZstdCompressor().compress(
            chunks: repeatElement(chunk, count: gibibyte / mebibyte), level: 1,
            pledgedContentSize: pledged ? UInt64(gibibyte) : nil)
    }

    @Test("a tiny frame declaring 1 GiB of content fails against a 1 MiB cap before any allocation")
    func bombWithDeclaredSize() throws {
        let frame = try Self.zeroBomb(pledged: true)
        #expect(frame.count < 64 * 1024)
        #expect(try ZstdFrameHeader(parsing: frame).contentSize == UInt64(Self.gibibyte))
        let decompressor = ZstdDecompressor()
        #expect(throws: ZstdError.outputOverCap(cap: Self.mebibyte, declaredSize: UInt64(Self.gibibyte))) {
            try decompressor.decompress(frame, maxOutputBytes: Self.mebibyte)
        }
        #expect(decompressor.lastOutputAllocation == 0)
    }

    @Test("a tiny frame without a content size that inflates to 1 GiB stops at a 1 MiB cap")
    func bombWithoutDeclaredSize() throws {
        let frame = try Self.zeroBomb(pledged: false)
        #expect(frame.count < 64 * 1024)
        #expect(try ZstdFrameHeader(parsing: frame).contentSize == nil)
        let decompressor = ZstdDecompressor()
        #expect(throws: ZstdError.outputOverCap(cap: Self.mebibyte, declaredSize: nil)) {
            try decompressor.decompress(frame, maxOutputBytes: Self.mebibyte)
        }
        #expect(decompressor.lastOutputAllocation > 0)
        #expect(decompressor.lastOutputAllocation <= Self.mebibyte)
    }

    @Test("content of exactly the cap is accepted, one byte over is not, with or without a declared size")
    func capBoundary() throws {
        let input = CompressionFixtures.text(byteCount: 300_000)
        let compressor = ZstdCompressor()
        let sized = try compressor.compress(input, level: 3)
        let unsized = try compressor.compress(chunks: [input], level: 3, pledgedContentSize: nil)
        let decompressor = ZstdDecompressor()

        #expect(try decompressor.decompress(sized, maxOutputBytes: input.count) == input)
        #expect(decompressor.lastOutputAllocation == input.count)
        #expect(throws: ZstdError.outputOverCap(cap: input.count - 1, declaredSize: UInt64(input.count))) {
            try decompressor.decompress(sized, maxOutputBytes: input.count - 1)
        }

        #expect(try decompressor.decompress(unsized, maxOutputBytes: input.count) == input)
        #expect(decompressor.lastOutputAllocation == input.count)
        #expect(throws: ZstdError.outputOverCap(cap: input.count - 1, declaredSize: nil)) {
            try decompressor.decompress(unsized, maxOutputBytes: input.count - 1)
        }
        #expect(decompressor.lastOutputAllocation <= input.count - 1)
        #expect(throws: ZstdError.outputOverCap(cap: 0, declaredSize: nil)) {
            try decompressor.decompress(unsized, maxOutputBytes: 0)
        }
        #expect(throws: ZstdError.invalidCap(-1)) { try decompressor.decompress(sized, maxOutputBytes: -1) }
    }

    @Test("an empty input, a non-zstd input and a skippable frame are each refused with their reason")
    func notFrames() throws {
        #expect(throws: ZstdError.emptyInput) { try Zstd.decompress([], maxOutputBytes: 100) }
        #expect(throws: ZstdError.notAFrame(leadingBytes: Array("PK\u{3}\u{4}".utf8))) {
            try Zstd.decompress(Array("PK\u{3}\u{4} a zip file".utf8), maxOutputBytes: 100)
        }
        #expect(throws: ZstdError.notAFrame(leadingBytes: [0x28, 0xB5, 0x2F, 0xFE])) {
            try Zstd.decompress([0x28, 0xB5, 0x2F, 0xFE, 0, 0, 0], maxOutputBytes: 100)
        }
        let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, 0xAA, 0xBB]
        #expect(throws: ZstdError.notAFrame(leadingBytes: [0x50, 0x2A, 0x4D, 0x18])) {
            try Zstd.decompress(skippable, maxOutputBytes: 100)
        }
        #expect("\(ZstdError.notAFrame(leadingBytes: [0x50, 0x2A, 0x4D, 0x18]))".contains("skippable"))
    }

    @Test("every strict prefix of a frame is refused as truncated")
    func truncatedFrames() throws {
        let input = CompressionFixtures.text(byteCount: 5_000)
        let frame = try Zstd.compress(input, level: 3)
        let decompressor = ZstdDecompressor()
        for length in 1..<frame.count {
            do {
                _ = try decompressor.decompress(Array(frame.prefix(length)), maxOutputBytes: input.count)
                Issue.record("a \(length)-byte prefix of a \(frame.count)-byte frame decompressed")
            } catch {
                guard case .truncated = error else {
                    Issue.record("a \(length)-byte prefix failed with \(error), not as truncated")
                    continue
                }
            }
        }
    }

    @Test("bytes after the frame are refused: exactly one frame is canonical")
    func trailingBytes() throws {
        let input = CompressionFixtures.text(byteCount: 1_000)
        let frame = try Zstd.compress(input, level: 3)
        #expect(throws: ZstdError.trailingBytes(count: 1, frameSize: frame.count)) {
            try Zstd.decompress(frame + [0], maxOutputBytes: input.count)
        }
        #expect(throws: ZstdError.trailingBytes(count: frame.count, frameSize: frame.count)) {
            try Zstd.decompress(frame + frame, maxOutputBytes: 2 * input.count)
        }
        let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0]
        #expect(throws: ZstdError.trailingBytes(count: 8, frameSize: frame.count)) {
            try Zstd.decompress(frame + skippable, maxOutputBytes: input.count)
        }
    }

    @Test("a damaged byte in the middle is an error, and no damaged bit ever yields different content")
    func corruptBytes() throws {
        let input = CompressionFixtures.text(byteCount: 20_000)
        let frame = try Zstd.compress(input, level: 9)
        let decompressor = ZstdDecompressor()
        var corrupt = frame
        corrupt[frame.count / 2] ^= 0xFF
        #expect(throws: ZstdError.self) { try decompressor.decompress(corrupt, maxOutputBytes: input.count) }

        // Some bits are not significant (padding, an equivalent table encoding), so a flip may decode to
        // the same content; a flip that changes the content must be caught (by the checksum at worst).
        var caught = 0
        for position in 0..<frame.count {
            var damaged = frame
            damaged[position] ^= 0x10
            do {
                let output = try decompressor.decompress(damaged, maxOutputBytes: input.count)
                #expect(output == input, "flipping bit 4 of byte \(position) changed the content unnoticed")
            } catch {
                caught += 1
            }
        }
        #expect(caught > frame.count * 9 / 10)
    }

    @Test("a damaged checksum is reported as a checksum mismatch")
    func checksumMismatch() throws {
        let input = CompressionFixtures.text(byteCount: 20_000)
        var frame = try Zstd.compress(input, level: 3)
        frame[frame.count - 1] ^= 0x01
        #expect(throws: ZstdError.checksumMismatch) { try Zstd.decompress(frame, maxOutputBytes: input.count) }
        let unsized = try ZstdCompressor().compress(chunks: [input], level: 3, pledgedContentSize: nil)
        var damaged = unsized
        damaged[damaged.count - 2] ^= 0x80
        #expect(throws: ZstdError.checksumMismatch) { try Zstd.decompress(damaged, maxOutputBytes: input.count) }
    }

    @Test("a frame asking for a window above 2^27 bytes is refused before decoding")
    func windowTooLarge() throws {
        let input = CompressionFixtures.text(byteCount: 1_000)
        var frame = try ZstdCompressor().compress(chunks: [input], level: 3, pledgedContentSize: nil)
        var header = try ZstdFrameHeader(parsing: frame)
        #expect(header.windowSize <= 1 << 27)
        frame[5] = 18 << 3  // window log 28
        header = try ZstdFrameHeader(parsing: frame)
        #expect(header.windowSize == 1 << 28)
        #expect(throws: ZstdError.windowTooLarge(windowSize: 1 << 28, limit: 1 << 27)) {
            try Zstd.decompress(frame, maxOutputBytes: input.count)
        }
        frame[5] = 17 << 3 | 7  // window log 27 plus 7/8: still above the limit
        #expect(throws: ZstdError.windowTooLarge(windowSize: (1 << 27) + 7 * (1 << 24), limit: 1 << 27)) {
            try Zstd.decompress(frame, maxOutputBytes: input.count)
        }
        frame[5] = 17 << 3  // exactly 2^27: allowed
        #expect(try Zstd.decompress(frame, maxOutputBytes: input.count) == input)
    }

    @Test("a reserved header bit is refused")
    func reservedBit() throws {
        var frame = try Zstd.compress([1, 2, 3], level: 3)
        frame[4] |= 0x08
        #expect(throws: ZstdError.corrupt(reason: "reserved bit 3 of the frame header is set")) {
            try Zstd.decompress(frame, maxOutputBytes: 3)
        }
    }

    @Test("random inputs, with and without the magic number, never crash and never pass the cap")
    func randomInputs() {
        var random = CompressionTestRandom(seed: 0x5EED)
        let decompressor = ZstdDecompressor()
        let cap = 4_096
        for _ in 0..<400 {
            var input = random.bytes(Int.random(in: 0...300, using: &random))
            if Bool.random(using: &random), input.count >= 5 {
                input.replaceSubrange(0..<4, with: [0x28, 0xB5, 0x2F, 0xFD])
            }
            if let output = try? decompressor.decompress(input, maxOutputBytes: cap) {
                #expect(output.count <= cap)
            }
            #expect(decompressor.lastOutputAllocation <= max(cap, 1))
        }
    }

    @Test("randomly damaged, cut and extended frames never crash and never pass the cap")
    func mutatedFrames() throws {
        var random = CompressionTestRandom(seed: 0xC0FFEE)
        let compressor = ZstdCompressor()
        let decompressor = ZstdDecompressor()
        let inputs = (0..<8).map { CompressionFixtures.text(byteCount: 500 * ($0 + 1), seed: UInt64($0)) }
        var frames = try inputs.map { input throws(ZstdError) in try compressor.compress(input, level: 3) }
        frames += try inputs.map { input throws(ZstdError) in
            try compressor.compress(chunks: [input], level: 1, pledgedContentSize: nil)
        }
        let cap = 3_000
        var failures = 0
        for _ in 0..<400 {
            var frame = frames[Int.random(in: 0..<frames.count, using: &random)]
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    frame[Int.random(in: 0..<frame.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                frame.removeLast(Int.random(in: 1...frame.count, using: &random))
            case 2:
                frame += random.bytes(Int.random(in: 1...16, using: &random))
            default:
                let at = Int.random(in: 0..<frame.count, using: &random)
                frame.insert(contentsOf: random.bytes(Int.random(in: 1...8, using: &random)), at: at)
            }
            do {
                let output = try decompressor.decompress(frame, maxOutputBytes: cap)
                #expect(output.count <= cap)
            } catch {
                failures += 1
            }
            #expect(decompressor.lastOutputAllocation <= cap)
        }
        #expect(failures > 300)
    }
}
