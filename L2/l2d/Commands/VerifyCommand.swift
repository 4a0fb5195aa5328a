import ArgumentParser
import Common
import Foundation
import L2Node

/// `l2d verify`: rebuilds the rollup from its genesis by the batches in a file sink's directory alone, checking
/// each one as a verifier node does (``BatchChainVerifier``); prints a line per batch and exits 1 at the first
/// batch that does not verify. With `--state-dir` the rebuilt state and a ``VerifierCheckpoint`` stay on disk, and
/// the next run resumes after the last verified batch.
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
            copy, or while the sequencer runs: it only reads the batches the sink has finished writing. With \
            --state-dir the rebuilt state and a checkpoint stay there, and the next run with the same directory \
            resumes after the last batch verified.
            """)

    @OptionGroup var options: HomeOption
    @Option(help: "The rollup's genesis.json (default: the home's).") var genesis: String?
    @Option(help: "The directory of batch-<n>.data and batch-<n>.commitment files (default: the home's sink).")
    var batches: String?
    @Option(help: "A zstd dictionary file a batch may name (repeatable), beside the directory's own.")
    var dictionary: [String] = []
    @Option(
        name: .customLong("state-dir"),
        help: "Keep the rebuilt state and a checkpoint in this directory, and resume from them if it has them.")
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
        var verifier = try openVerifier(genesis: genesis, dictionaries: dictionaries)
        let resumed = verifier.last.map { $0.batchIndex + 1 } ?? 0
        let indices = try FileBatchSink.storedIndices(url).filter { $0 >= resumed }
        let firstBlock = verifier.tip.number + 1
        var transactions = 0
        for index in indices {
            do {
                guard let (batch, commitment) = try FileBatchSink.stored(index: index, in: url) else {
                    throw CLIError("batch \(index) vanished while being read")
                }
                let verified = try verifier.verify(batch, commitment: commitment)
                try saveCheckpoint(verifier.checkpoint)
                transactions += verified.transactionCount
                print(
                    "batch \(index): blocks \(commitment.firstBlock)...\(commitment.lastBlock), "
                        + "\(verified.transactionCount) transactions, \(verified.byteCount) bytes, "
                        + "state root \(commitment.finalStateRoot): valid")
            } catch {
                print("batch \(index): INVALID: \(error)")
                let valid = index == 0 ? "none is valid" : "batches 0...\(index - 1) are valid"
                print("verified \(index - resumed) of \(indices.count) batches in this run (\(valid))")
                throw ExitCode(1)
            }
        }
        let tip = verifier.tip
        guard !indices.isEmpty else {
            print(
                "no \(resumed > 0 ? "new " : "")batches in \(directory): nothing to verify (state root "
                    + "\(try verifier.stateRoot()) at block \(tip.number))")
            return
        }
        print(
            "verified \(indices.count) batch\(indices.count == 1 ? "" : "es") from \(directory): blocks \(firstBlock)...\(tip.number), "
                + "\(transactions) transactions, final state root \(try verifier.stateRoot()) (block \(tip.number) "
                + "\(tip.hash))")
    }

    private var checkpointPath: String? { stateDirectory.map { $0 + "/verified.checkpoint" } }

    /// A verifier from the genesis, in memory or in a new `--state-dir`; or one resuming from the checkpoint and
    /// the state an earlier run left in `--state-dir`.
    private func openVerifier(
        genesis: RollupGenesis, dictionaries: [ZstdDictionary]
    ) throws -> BatchChainVerifier {
        guard let stateDirectory, let checkpointPath else {
            return try BatchChainVerifier(
                genesis: genesis, tree: StateTree.inMemory(), dictionaries: dictionaries, signatureThreads: threads)
        }
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let statePath = stateDirectory + "/state.sqlite"
        guard let bytes = try AtomicFile.read(checkpointPath) else {
            guard !FileManager.default.fileExists(atPath: statePath) else {
                throw CLIError(
                    "\(stateDirectory) holds a state but no checkpoint (a run stopped before saving its first): "
                        + "remove the directory to verify from the genesis")
            }
            let verifier = try BatchChainVerifier(
                genesis: genesis, tree: StateTree(path: statePath), dictionaries: dictionaries,
                signatureThreads: threads)
            try saveCheckpoint(verifier.checkpoint)
            return verifier
        }
        do {
            let checkpoint = try VerifierCheckpoint(canonicalBytes: bytes)
            let verifier = try BatchChainVerifier(
                resuming: checkpoint, genesis: genesis, tree: StateTree(path: statePath), dictionaries: dictionaries,
                signatureThreads: threads)
            print(
                "resuming after \(checkpoint.last.map { "batch \($0.batchIndex)" } ?? "the genesis") (block "
                    + "\(checkpoint.tip.number), state root \(checkpoint.tip.stateRoot)) from \(stateDirectory)")
            return verifier
        } catch let error as VerifierResumeError {
            throw CLIError(
                "cannot resume from \(stateDirectory): \(error); remove the directory to verify from the genesis")
        } catch let error as CodecError {
            throw CLIError("\(checkpointPath) does not decode: \(error)")
        }
    }

    /// Saves where the verifier stands, after its state is committed (so a checkpoint never runs ahead of it).
    private func saveCheckpoint(_ checkpoint: VerifierCheckpoint) throws {
        guard let checkpointPath else { return }
        try AtomicFile.write(checkpoint.canonicalBytes, to: checkpointPath, mode: 0o644)
    }
}
