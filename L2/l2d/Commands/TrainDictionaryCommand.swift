import ArgumentParser
import Bridge
import Common
import Foundation
import L2Node

/// `l2d train-dictionary`: trains a zstd dictionary on the batches the sequencer has made, measures it on batches
/// held out, and writes it where `batcher.dictionary` can name it.
struct TrainDictionaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-dictionary",
        abstract: "Train a zstd dictionary for batches on the batches made so far, and measure it.",
        discussion: """
            Trains on the column sections of the file sink's batches (every fifth one held out), then compresses \
            the held-out ones with and without it at --level and prints both sizes. To use it, set \
            batcher.dictionary in config/config.toml to the file and restart: new batches name it by hash, and \
            the sink keeps a copy beside them (dictionary-<hash>.zdict) for verifiers. A dictionary helps small \
            batches most (a quiet rollup's, closed by age); on batches of a megabyte it saves little.
            """)

    @OptionGroup var options: HomeOption
    @Option(help: "The directory of batch files to train on (default: the home's sink).") var batches: String?
    @Option(help: "The dictionary's largest size in bytes (256 to 1048576).") var size = 16 * 1024
    @Option(help: "The zstd level to measure at.") var level = Zstd.defaultLevel
    @Option(help: "Where to write it (default: config/batch-dictionary-<hash prefix>.zdict in the home).")
    var out: String?

    func validate() throws {
        guard (ZstdDictionary.minTrainedByteCount...ZstdDictionary.maxByteCount).contains(size) else {
            throw ValidationError(
                "--size must be \(ZstdDictionary.minTrainedByteCount) to \(ZstdDictionary.maxByteCount)")
        }
        guard Zstd.levels.contains(level) else { throw ValidationError("--level must be in \(Zstd.levels)") }
    }

    func run() async throws {
        let home = L2NodeHome(options.home)
        let directory = try batches ?? ConfigFile.load(home.configFile).batchDirectory(home: home)
        let url = URL(fileURLWithPath: directory)
        let known = Dictionary(
            try FileBatchSink.storedDictionaries(url).map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
        let samples = try FileBatchSink.storedIndices(url).compactMap {
            try FileBatchSink.stored(index: $0, in: url)?.batch
        }
        let (dictionary, report): (ZstdDictionary, BatchDictionaryTraining.Report)
        do {
            (dictionary, report) = try BatchDictionaryTraining.train(
                batches: samples, dictionaries: known, maxByteCount: size, level: level)
        } catch let failure as BatchDictionaryTraining.Failure {
            throw CLIError("\(failure) (in \(directory))")
        }
        let prefix = String(dictionary.hash.description.prefix(16))
        let path = out.map { home.resolve($0) } ?? home.configDirectory + "/batch-dictionary-\(prefix).zdict"
        guard !FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path) exists") }
        try Data(dictionary.bytes).write(to: URL(fileURLWithPath: path))
        let percent = (1 - report.ratio) * 100
        print(
            """
            dictionary \(dictionary.hash) (id \(dictionary.id), \(dictionary.bytes.count) bytes) written to \(path)
            trained on \(report.trainedOn) batches; on the \(report.heldOut) held out (\(report.columnBytes) bytes \
            of columns) zstd-\(level) gives \(report.plainBytes) bytes alone, \(report.dictionaryBytes) with it \
            (\(String(format: "%.1f", percent))% smaller)
            to use it: set batcher.dictionary = "\(path)" in \(home.configFile) and restart l2d start
            """)
    }
}
