import Bridge
import Common
import L2Runtime

/// Why a rollup's batch chain does not verify, at the first batch that is wrong. Every case names that batch;
/// the batches before it verified.
public enum BatchChainFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The commitment is for another rollup than the genesis's.
    case wrongRollup(batchIndex: UInt64, rollupID: String, expected: String)
    /// The commitment does not follow the last verified one: not the next index, another parent batch hash, or
    /// not the next block.
    case outOfOrder(batchIndex: UInt64, expected: String)
    /// The batch bytes do not hash to the commitment's data hash.
    case dataMismatch(batchIndex: UInt64)
    /// The batch bytes do not decode (a bad column, a cap exceeded, an unknown dictionary).
    case undecodable(batchIndex: UInt64, reason: String)
    /// The batch's first block does not name the last verified block (or block 0) as its parent.
    case brokenLink(batchIndex: UInt64, block: UInt64)
    /// Re-executing the batch from the verified state does not give what it claims: the verdict a fraud proof
    /// would argue.
    case invalid(batchIndex: UInt64, verdict: BatchVerdict)

    public var description: String {
        switch self {
        case .wrongRollup(let index, let rollup, let expected):
            "batch \(index) is for rollup \"\(rollup)\", not \"\(expected)\""
        case .outOfOrder(let index, let expected): "batch \(index) does not follow the last verified batch: \(expected)"
        case .dataMismatch(let index): "batch \(index)'s bytes do not hash to its commitment's data hash"
        case .undecodable(let index, let reason): "batch \(index) does not decode: \(reason)"
        case .brokenLink(let index, let block):
            "batch \(index)'s block \(block) does not name the last verified block as its parent"
        case .invalid(let index, let verdict): "batch \(index) is invalid: \(Self.describe(verdict))"
        }
    }

    private static func describe(_ verdict: BatchVerdict) -> String {
        switch verdict {
        case .valid(let root): "valid (state root \(root))"
        case .blockMismatch(let number, let claimed, let computed):
            "block \(number) re-executes to state root \(computed.stateRoot), receipts root \(computed.receiptsRoot); "
                + "the batch claims \(claimed.stateRoot), \(claimed.receiptsRoot)"
        case .badSignature: "its aggregate signature does not verify under the senders' keys"
        case .commitmentMismatch(let reason): "its commitment does not describe its blocks: \(reason)"
        }
    }
}

/// Rebuilds a rollup from its genesis by its batches alone, in order, the way a verifier node does from the
/// batches posted to L1: each commitment must follow the last (index, parent batch hash, next block), its data
/// hash must be the batch's, the batch must decode, its first block must name the last verified block as its
/// parent, and re-executing it from the verified state must give every header it carries, an aggregate signature
/// that verifies and the commitment's final state root (``Bridge/BatchVerifier``).
///
/// Nothing the sequencer says is taken on trust but the genesis: the state is rebuilt on a tree of the caller's.
/// After a failure the verifier stays at the last verified batch.
public struct BatchChainVerifier {
    /// The summary of one verified batch.
    public struct Verified: Hashable, Sendable {
        /// The batch's commitment.
        public var commitment: BatchCommitment
        /// How many transactions its blocks carry.
        public var transactionCount: Int
        /// The batch's size in bytes.
        public var byteCount: Int
    }

    /// The genesis the chain is rebuilt from.
    public let genesis: RollupGenesis
    /// Block 0's header.
    public let genesisHeader: BlockHeader
    /// The last verified commitment, `nil` before the first batch.
    public private(set) var last: BatchCommitment?
    /// The last verified block's header (block 0's before the first batch).
    public private(set) var tip: BlockHeader
    private var state: StateOverlay
    private let verifier: BatchVerifier
    private let dictionaries: [Hash: ZstdDictionary]

    /// Writes `genesis` into `tree`, which must be empty, as version 0, and verifies from there; a batch may name
    /// any of `dictionaries`. Signatures are verified on `signatureThreads` threads.
    ///
    /// - Throws: `RollupGenesis.Invalid` for a genesis the runtime refuses, `StateError` for a tree that is not
    ///   empty or fails.
    public init(
        genesis: RollupGenesis, tree: StateTree, dictionaries: [ZstdDictionary] = [], signatureThreads: Int = 1
    ) throws {
        guard tree.latestVersion == nil else {
            throw StateError.storage("the state tree must be empty to rebuild a rollup from its genesis")
        }
        var state = StateOverlay(tree: tree)
        try genesis.apply(to: &state)
        let root = try state.commit(version: 0)
        self.genesis = genesis
        genesisHeader = genesis.genesisHeader(stateRoot: root)
        tip = genesisHeader
        var rebuilt = StateOverlay(tree: tree)
        verifier = try BatchVerifier(committedIn: &rebuilt, signatureThreads: signatureThreads)
        self.state = rebuilt
        self.dictionaries = Self.byHash(dictionaries)
    }

    /// Resumes after `checkpoint` on `tree`, which must hold the state the checkpoint's tip left: at the tip's
    /// block as its latest version, with the tip's state root.
    ///
    /// - Throws: `RollupGenesis.Invalid` for a genesis the runtime refuses, ``VerifierResumeError`` for a
    ///   checkpoint of another genesis or a tree elsewhere, `StateError` when the tree fails.
    public init(
        resuming checkpoint: VerifierCheckpoint, genesis: RollupGenesis, tree: StateTree,
        dictionaries: [ZstdDictionary] = [], signatureThreads: Int = 1
    ) throws {
        var scratch = StateOverlay(tree: try StateTree.inMemory())
        let header = genesis.genesisHeader(stateRoot: try genesis.apply(to: &scratch))
        guard header.hash == checkpoint.genesisHash else {
            throw VerifierResumeError.otherGenesis(checkpoint: checkpoint.genesisHash, genesis: header.hash)
        }
        guard tree.latestVersion == checkpoint.tip.number else {
            throw VerifierResumeError.stateElsewhere(
                treeVersion: tree.latestVersion, checkpointBlock: checkpoint.tip.number)
        }
        let root = try tree.rootHash()
        guard root == checkpoint.tip.stateRoot else {
            throw VerifierResumeError.stateRootMismatch(tree: root, checkpoint: checkpoint.tip.stateRoot)
        }
        self.genesis = genesis
        genesisHeader = header
        last = checkpoint.last
        tip = checkpoint.tip
        var rebuilt = StateOverlay(tree: tree)
        verifier = try BatchVerifier(committedIn: &rebuilt, signatureThreads: signatureThreads)
        state = rebuilt
        self.dictionaries = Self.byHash(dictionaries)
    }

    /// Where the verifier stands, to resume from with ``init(resuming:genesis:tree:dictionaries:signatureThreads:)``.
    public var checkpoint: VerifierCheckpoint {
        VerifierCheckpoint(genesisHash: genesisHeader.hash, last: last, tip: tip)
    }

    private static func byHash(_ dictionaries: [ZstdDictionary]) -> [Hash: ZstdDictionary] {
        Dictionary(dictionaries.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Verifies `batch` with `commitment` as the next batch, and on success commits its state (as the version of
    /// its last block) and moves ``last`` and ``tip`` to it.
    ///
    /// - Throws: ``BatchChainFailure`` for a batch that is wrong, and leaves the verifier where it was;
    ///   `StateError` when the tree fails.
    public mutating func verify(_ batch: EncodedBatch, commitment: BatchCommitment) throws -> Verified {
        let index = commitment.batchIndex
        guard commitment.rollupID == genesis.chainID else {
            throw BatchChainFailure.wrongRollup(
                batchIndex: index, rollupID: commitment.rollupID, expected: genesis.chainID)
        }
        guard commitment.follows(last) else {
            let expected =
                last.map {
                    "expected batch \($0.batchIndex + 1) after batch \($0.batchIndex) (hash \($0.hash)), "
                        + "starting at block \($0.lastBlock + 1)"
                } ?? "expected batch 0 with no parent"
            throw BatchChainFailure.outOfOrder(batchIndex: index, expected: expected)
        }
        guard commitment.dataHash == batch.dataHash else { throw BatchChainFailure.dataMismatch(batchIndex: index) }
        let contents: BatchContents
        do {
            contents = try BatchDecoder().decode(batch, dictionaries: dictionaries)
        } catch {
            throw BatchChainFailure.undecodable(batchIndex: index, reason: "\(error)")
        }
        guard let first = contents.blocks.first, first.header.parentHash == tip.hash else {
            throw BatchChainFailure.brokenLink(batchIndex: index, block: commitment.firstBlock)
        }
        var working = state
        let verdict = try verifier.verify(contents, commitment: commitment, state: &working)
        guard verdict.isValid else { throw BatchChainFailure.invalid(batchIndex: index, verdict: verdict) }
        try working.commit(version: commitment.lastBlock)
        state = working
        last = commitment
        tip = contents.blocks[contents.blocks.count - 1].header
        return Verified(
            commitment: commitment, transactionCount: contents.blocks.reduce(0) { $0 + $1.transactions.count },
            byteCount: batch.byteCount)
    }

    /// The rebuilt state's root (the last verified block's state root).
    public func stateRoot() throws -> Hash { try state.tree.rootHash() }
}
