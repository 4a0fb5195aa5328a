import ArgumentParser
import Common
import Foundation
import L2Node

/// `l2d verify`: rebuilds the rollup from its genesis by the batches in a file sink's directory alone, checking
/// each one as a verifier node does (``BatchChainVerifier``); prints a line per batch and exits 1 at the first
/// batch that does not verify.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Rebuild the rollup from its genesis by its batches alone, checking every batch.",
        discussion: """
            Reads genesis.json and the file sink's batches (data/batches, or batcher.directory of the config) \
            from the home unless --genesis or --batches say otherwise, with the dictionaries the sink keeps \
            there (dictionary-<hash>.zdict). Each batch must follow the last, hash to \
            its commitment, decode, and re-execute from the rebuilt state to every header it carries, a valid \
            aggregate signature and its final state root. The sequencer's own stores are not read. Run it on a \
            copy, or while the sequencer runs: it only reads the batches the sink has finished writing.
            """)

    @OptionGroup var options: HomeOption
    @Option(help: "The rollup's genesis.json (default: the home's).") var genesis: String?
    @Option(help: "The directory of batch-<n>.data and batch-<n>.commitment files (default: the home's sink).")
    var batches: String?
    @Option(help: "A zstd dictionary file a batch may name (repeatable), beside the directory's own.")
    var dictionary: [String] = []
    @Option(
        name: .customLong("state-dir"),
        help: "Rebuild the state in a SQLite file in this new directory instead of in memory (for long chains).")
    var stateDirectory: String?
    @Option(help: "Threads that verify each batch's aggregate signature.") var threads = 2

    func validate() throws {
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1 to 64") }
    }

    func run() async throws {
        let home = L2NodeHome(options.home)
        let genesis = try RollupGenesis.load(path: genesis ?? home.genesisFile)
        let directory = try batches ?? ConfigFile.load(home.configFile).batchDirectory(home: home)
        let url = URL(fileURLWithPath: directory)
        let given = try dictionary.map { path in
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw CLIError("cannot read the dictionary \(path)")
            }
            return try ZstdDictionary(bytes: [UInt8](bytes))
        }
        let dictionaries = try FileBatchSink.storedDictionaries(url) + given
        let tree: StateTree
        if let stateDirectory {
            guard !FileManager.default.fileExists(atPath: stateDirectory) else {
                throw CLIError("--state-dir \(stateDirectory) exists: give a new directory")
            }
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            tree = try StateTree(
                path: stateDirectory + "/state.sqlite", options: StateTree.Options(durable: false))
        } else {
            tree = try StateTree.inMemory()
        }
        var verifier = try BatchChainVerifier(
            genesis: genesis, tree: tree, dictionaries: dictionaries, signatureThreads: threads)
        let indices = try FileBatchSink.storedIndices(url)
        var transactions = 0
        for index in indices {
            do {
                guard let (batch, commitment) = try FileBatchSink.stored(index: index, in: url) else {
                    throw CLIError("batch \(index) vanished while being read")
                }
                let verified = try verifier.verify(batch, commitment: commitment)
                transactions += verified.transactionCount
                print(
                    "batch \(index): blocks \(commitment.firstBlock)...\(commitment.lastBlock), "
                        + "\(verified.transactionCount) transactions, \(verified.byteCount) bytes, "
                        + "state root \(commitment.finalStateRoot): valid")
            } catch {
                print("batch \(index): INVALID: \(error)")
                print("verified \(verifier.last.map { $0.batchIndex + 1 } ?? 0) of \(indices.count) batches")
                throw ExitCode(1)
            }
        }
        let tip = verifier.tip
        guard !indices.isEmpty else {
            print("no batches in \(directory): nothing to verify (genesis state root \(try verifier.stateRoot()))")
            return
        }
        print(
            "verified \(indices.count) batches from \(directory): blocks 1...\(tip.number), \(transactions) "
                + "transactions, final state root \(try verifier.stateRoot()) (block \(tip.number) \(tip.hash))")
    }
}
