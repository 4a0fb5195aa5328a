import Common
import L2Runtime

/// What a verifier concludes about one batch: the check every verifier node runs on a batch it reads from L1,
/// and the judgement a fraud proof argues about.
public enum BatchVerdict: Hashable, Sendable {
    /// Every block re-executes to its header, the aggregate signature verifies, and the commitment (if given)
    /// matches: the state after the batch has `stateRoot`.
    case valid(stateRoot: Hash)
    /// Block `number` is the first whose header differs from the one re-executing its parent state gives
    /// (a wrong state root, receipts root...): the block a fraud proof names.
    case blockMismatch(number: UInt64, claimed: BlockHeader, computed: BlockHeader)
    /// Every header re-executes, but the aggregate signature does not verify under the keys the senders had
    /// when their transactions executed: the batch is invalid as a whole.
    case badSignature
    /// The commitment posted with the batch does not describe its blocks (`reason`).
    case commitmentMismatch(reason: String)

    /// Whether the batch is valid.
    public var isValid: Bool {
        if case .valid = self { true } else { false }
    }
}

/// Re-executes a decoded batch from its parent state and checks it: each block's header, the aggregate
/// signature (docs/l2-batches.md, "Signatures") and the commitment. Pure: the state is the caller's, the clock
/// and the network play no part.
public struct BatchVerifier: Sendable {
    /// The rollup's state-transition function.
    public let runtime: Runtime
    /// How many threads verify a batch's aggregate signature (a verifier node that is catching up can give it
    /// every core; the re-execution itself runs on the calling thread).
    public let signatureThreads: Int

    /// A verifier that re-executes with `runtime` and verifies signatures on `signatureThreads` threads.
    public init(runtime: Runtime, signatureThreads: Int = 1) {
        self.runtime = runtime
        self.signatureThreads = max(1, signatureThreads)
    }

    /// A verifier for the rollup whose state `state` is: it re-executes under the parameters that state commits
    /// to (``L2Runtime/RuntimeConfig/committed(in:)``), never under parameters from elsewhere, so a verifier with
    /// a stale or edited configuration cannot disagree with the chain about fees.
    ///
    /// - Throws: the store's error, or ``Common/StateError/corruptStore(_:)`` if `state` holds no rollup
    ///   parameters (no rollup genesis wrote it).
    public init<S: StateStore>(committedIn state: inout S, signatureThreads: Int = 1) throws(StateError) {
        guard let config = try RuntimeConfig.committed(in: &state) else {
            throw .corruptStore("the state holds no rollup parameters (l2/meta runtime-config)")
        }
        self.init(runtime: Runtime(config: config), signatureThreads: signatureThreads)
    }

    /// Checks `contents` on `state`, the state after the batch's parent block, which it leaves at the state
    /// after the last block it executed: after the whole batch when the verdict is ``BatchVerdict/valid(stateRoot:)``
    /// or ``BatchVerdict/badSignature``, after the block before the mismatch for
    /// ``BatchVerdict/blockMismatch(number:claimed:computed:)``. A caller keeps it only for a valid batch.
    ///
    /// - Parameter commitment: the commitment posted with the batch, checked against the blocks (block range,
    ///   headers root, final state root), or `nil` to check the blocks alone.
    /// - Throws: only the store's errors (a missing node, a database failure); everything a batch can get wrong
    ///   is a verdict.
    public func verify<S: StateStore>(
        _ contents: BatchContents, commitment: BatchCommitment? = nil, state: inout S
    ) throws(StateError) -> BatchVerdict {
        if let commitment, let mismatch = Self.commitmentMismatch(commitment, contents) {
            return .commitmentMismatch(reason: mismatch)
        }
        var keys: [AccountPublicKey?] = []
        keys.reserveCapacity(contents.signature.count)
        for block in contents.blocks {
            let (execution, signers) = try runtime.execute(
                BlockContext(of: block.header), bodies: block.transactions, state: &state)
            guard execution.header == block.header else {
                return .blockMismatch(number: block.header.number, claimed: block.header, computed: execution.header)
            }
            keys += signers
        }
        guard contents.signatureVerifies(keys: keys, threads: signatureThreads) else { return .badSignature }
        return .valid(stateRoot: try state.root())
    }

    /// Why `commitment` does not describe `contents`' blocks, or `nil` if it does.
    static func commitmentMismatch(_ commitment: BatchCommitment, _ contents: BatchContents) -> String? {
        guard let first = contents.blocks.first, let last = contents.blocks.last else {
            return "the batch has no blocks"
        }
        guard commitment.firstBlock == first.header.number, commitment.lastBlock == last.header.number else {
            return "it names blocks \(commitment.firstBlock)...\(commitment.lastBlock), the batch holds "
                + "\(first.header.number)...\(last.header.number)"
        }
        guard commitment.headersRoot == BatchCommitment.headersRoot(contents.blocks.map(\.header)) else {
            return "its headers root is not the root of the batch's headers"
        }
        guard commitment.finalStateRoot == last.header.stateRoot else {
            return "its final state root is not the last block's"
        }
        return nil
    }
}
