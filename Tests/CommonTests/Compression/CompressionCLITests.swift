import Testing

@testable import Common

/// The stock `zstd` tool (1.5.x, installed by scripts/setup) is an independent implementation check:
/// batches must be readable by it, and its frames by us.
@Suite("zstd frames and the zstd command-line tool")
struct CompressionCLITests {
    static let input = CompressionFixtures.text(byteCount: 300_000, seed: 5)

    @Test("the zstd tool reads our frames at several levels, including the empty frame", arguments: [1, 3, 9, 19, -5])
    func toolReadsOurFrames(level: Int) throws {
        let directory = try CompressionTemporaryDirectory()
        for input in [Self.input, []] {
            let file = try directory.write(try Zstd.compress(input, level: level), to: "batch.zst")
            let (output, status) = try ZstdCommandLine.run(["-d", "-c", "-q", file])
            #expect(status == 0)
            #expect(output == input)
        }
    }

    @Test("the zstd tool finds the checksum we write: it refuses a frame with a damaged checksum")
    func toolChecksOurChecksum() throws {
        let directory = try CompressionTemporaryDirectory()
        var frame = try Zstd.compress(Self.input, level: 3)
        frame[frame.count - 1] ^= 0xFF
        let file = try directory.write(frame, to: "damaged.zst")
        let (_, status) = try ZstdCommandLine.run(["-d", "-c", "-q", file])
        #expect(status != 0)
    }

    @Test("the zstd tool reads our dictionary frames given the dictionary file")
    func toolReadsDictionaryFrames() throws {
        let directory = try CompressionTemporaryDirectory()
        let dictionary = try ZstdDictionary.train(
            samples: CompressionFixtures.records(count: 2_000, seed: 21), maxByteCount: 8 * 1024)
        let batch = CompressionFixtures.records(count: 50, seed: 22).flatMap { $0 }
        let dictionaryFile = try directory.write(dictionary.bytes, to: "records.dict")
        let file = try directory.write(try Zstd.compress(batch, level: 19, dictionary: dictionary), to: "batch.zst")
        let (output, status) = try ZstdCommandLine.run(["-d", "-c", "-q", "-D", dictionaryFile, file])
        #expect(status == 0)
        #expect(output == batch)
    }

    @Test("we read frames the zstd tool writes from a file, with their content size", arguments: [1, 3, 19])
    func weReadToolFrames(level: Int) throws {
        let directory = try CompressionTemporaryDirectory()
        let file = try directory.write(Self.input, to: "batch")
        let (frame, status) = try ZstdCommandLine.run(["-c", "-q", "-\(level)", file])
        #expect(status == 0)
        #expect(try ZstdFrameHeader(parsing: frame).contentSize == UInt64(Self.input.count))
        #expect(try Zstd.decompress(frame, maxOutputBytes: Self.input.count) == Self.input)
    }

    @Test("we read frames the zstd tool streams from stdin, without a content size, under the cap")
    func weReadToolStreams() throws {
        let directory = try CompressionTemporaryDirectory()
        let file = try directory.write(Self.input, to: "batch")
        let (frame, status) = try ZstdCommandLine.run(["-c", "-q", "-3"], stdinPath: file)
        #expect(status == 0)
        #expect(try ZstdFrameHeader(parsing: frame).contentSize == nil)
        #expect(try Zstd.decompress(frame, maxOutputBytes: Self.input.count) == Self.input)
        #expect(throws: ZstdError.outputOverCap(cap: 1_000, declaredSize: nil)) {
            try Zstd.decompress(frame, maxOutputBytes: 1_000)
        }
    }

    @Test("we refuse a tool frame that asks for a 1 GiB window (zstd --long=30)")
    func weRefuseLongWindows() throws {
        let directory = try CompressionTemporaryDirectory()
        let file = try directory.write(Self.input, to: "batch")
        let (frame, status) = try ZstdCommandLine.run(["-c", "-q", "--long=30"], stdinPath: file)
        #expect(status == 0)
        #expect(throws: ZstdError.windowTooLarge(windowSize: 1 << 30, limit: 1 << 27)) {
            try Zstd.decompress(frame, maxOutputBytes: Self.input.count)
        }
    }
}
