import Common
import Testing

@testable import Bridge

@Suite("batch frames and the stock zstd tool")
struct BatchCLITests {
    @Test(
        "zstd -d reads a batch's frame (the bytes after the version and dictionary flag) to its column section",
        arguments: [1, 3, 19])
    func toolReadsBatchFrames(level: Int) throws {
        let blocks = BatchFixtures.randomBlocks(seed: 5, blockCount: 4)
        let batch = try BatchEncoder().encode(blocks, level: level)
        #expect(batch.frameOffset == 2)
        let directory = try BatchTemporaryDirectory()
        let file = try directory.write(batch.frame, to: "batch.zst")
        let (output, status) = try ZstdTool.run(["-d", "-c", "-q", file])
        #expect(status == 0)
        #expect(output == (try BatchEncoder().columnSection(blocks)))
    }

    @Test("zstd -d -D reads a dictionary batch's frame")
    func toolReadsDictionaryFrames() throws {
        let samples = (0..<300).map { try! BatchEncoder().columnSection(BatchFixtures.randomBlocks(seed: UInt64($0))) }
        let dictionary = try ZstdDictionary.train(samples: samples, maxByteCount: 4096)
        let blocks = BatchFixtures.randomBlocks(seed: 6_000, blockCount: 2)
        let batch = try BatchEncoder().encode(blocks, level: 3, dictionary: dictionary)
        #expect(batch.frameOffset == 34)
        let directory = try BatchTemporaryDirectory()
        let dictionaryFile = try directory.write(dictionary.bytes, to: "batch.dict")
        let file = try directory.write(batch.frame, to: "batch.zst")
        let (output, status) = try ZstdTool.run(["-d", "-c", "-q", "-D", dictionaryFile, file])
        #expect(status == 0)
        #expect(output == (try BatchEncoder().columnSection(blocks)))
    }
}
