import Bridge
import Common
import Foundation
import L2Runtime
import Logging
import TestSupport
import Testing

@testable import L2Node

@Suite("a trained batch dictionary: training on made batches, batching with it, the sink's copy, verifying")
struct BatchDictionaryTests {
    /// `count` one-block batches of two transfers each from a fresh chain, made by a batcher with `dictionary`
    /// into a file sink in `directory` (which keeps a copy of the dictionary); the chain's genesis with them.
    static func batches(
        _ count: Int, dictionary: ZstdDictionary? = nil, directory: URL
    ) async throws -> (RollupGenesis, [(batch: EncodedBatch, commitment: BatchCommitment)]) {
        let chain = TestChain()
        let sequencer = try chain.sequencer(medium: MemoryLogMedium())
        for nonce in 0..<UInt64(count) {
            let results = await sequencer.process([
                chain.transfer(from: 0, nonce: nonce, amount: Amount(UInt128(nonce + 1))).bytes,
                chain.transfer(from: 1, nonce: nonce).bytes,
            ])
            #expect(results.allSatisfy { $0.success != nil })
            try await sequencer.sealNow()
        }
        let sink = try FileBatchSink(directory: directory)
        if let dictionary { try await sink.store(dictionary) }
        try await sequencer.batchAll(into: sink, maxBlocks: 1, dictionary: dictionary)
        let stored = try FileBatchSink.storedIndices(directory).map {
            try #require(try FileBatchSink.stored(index: $0, in: directory))
        }
        #expect(stored.count == count)
        return (chain.genesis, stored)
    }

    @Test("trained on small batches it makes the held-out ones smaller; too few batches are refused")
    func training() async throws {
        let directory = TemporaryDirectory(prefix: "dictionary-train")
        let (_, made) = try await Self.batches(30, directory: directory.url)
        let (dictionary, report) = try BatchDictionaryTraining.train(
            batches: made.map(\.batch), maxByteCount: 4096)
        #expect(report.trainedOn == 24 && report.heldOut == 6)
        #expect(report.dictionaryBytes < report.plainBytes, "\(report)")
        #expect(dictionary.bytes.count <= 4096)
        // The same batches give the same dictionary.
        #expect(
            try BatchDictionaryTraining.train(batches: made.map(\.batch), maxByteCount: 4096).dictionary == dictionary)
        #expect(throws: BatchDictionaryTraining.Failure.self) {
            try BatchDictionaryTraining.train(batches: made.prefix(9).map(\.batch))
        }
    }

    @Test("batches made with a dictionary name it; the sink keeps it, and a verifier of the directory decodes them")
    func batchingWithADictionary() async throws {
        let training = TemporaryDirectory(prefix: "dictionary-source")
        let (_, samples) = try await Self.batches(20, directory: training.url)
        let dictionary = try BatchDictionaryTraining.train(batches: samples.map(\.batch), maxByteCount: 4096)
            .dictionary

        let directory = TemporaryDirectory(prefix: "dictionary-batches")
        let (genesis, made) = try await Self.batches(12, dictionary: dictionary, directory: directory.url)
        #expect(made.allSatisfy { $0.batch.dictionaryHash == dictionary.hash })
        let kept = try FileBatchSink.storedDictionaries(directory.url)
        #expect(kept == [dictionary])

        var verifier = try BatchChainVerifier(genesis: genesis, tree: try StateTree.inMemory(), dictionaries: kept)
        for entry in made { _ = try verifier.verify(entry.batch, commitment: entry.commitment) }
        #expect(verifier.tip.number == 12)
        // Without it the first batch cannot be read.
        var blind = try BatchChainVerifier(genesis: genesis, tree: try StateTree.inMemory())
        do {
            _ = try blind.verify(made[0].batch, commitment: made[0].commitment)
            Issue.record("a batch decoded without its dictionary")
        } catch let failure as BatchChainFailure {
            guard case .undecodable(0, let reason) = failure else {
                Issue.record("\(failure)")
                return
            }
            #expect(reason.contains("\(dictionary.hash)"))
        }

        // A file that does not hold the dictionary it names is refused, not silently used.
        let stranger = directory.url.appendingPathComponent("dictionary-\(Hash.blake2b([1])).zdict")
        try Data(dictionary.bytes).write(to: stranger)
        #expect(throws: BatchSinkError.self) { try FileBatchSink.storedDictionaries(directory.url) }
    }

    @Test("batcher.dictionary loads the file from the home; a missing or non-dictionary file is a config error")
    func configuredDictionary() throws {
        let home = TemporaryDirectory(prefix: "dictionary-home")
        try FileManager.default.createDirectory(at: home.url, withIntermediateDirectories: true)
        let dictionary = try ZstdDictionary.train(
            samples: (0..<400).map { Array("sample \($0 % 37) of a batch column \($0)".utf8) }, maxByteCount: 1024)
        try Data(dictionary.bytes).write(to: home.url.appendingPathComponent("batch.zdict"))
        try Data("not a dictionary".utf8).write(to: home.url.appendingPathComponent("text.zdict"))
        var config = L2NodeConfig()
        let nodeHome = L2NodeHome(home.url.path)
        #expect(try config.batchDictionary(home: nodeHome) == nil)
        config.batcher.dictionary = "batch.zdict"
        #expect(try config.batchDictionary(home: nodeHome) == dictionary)
        #expect(config.batcherConfiguration(rollupID: "r", dictionary: dictionary)?.dictionary == dictionary)
        for (file, message) in [("missing.zdict", "cannot read"), ("text.zdict", "is not a zstd dictionary")] {
            config.batcher.dictionary = file
            #expect(throws: L2NodeConfig.Invalid.self) { try config.batchDictionary(home: nodeHome) }
            do {
                _ = try config.batchDictionary(home: nodeHome)
            } catch {
                #expect(error.description.contains(message))
            }
        }
    }
}
