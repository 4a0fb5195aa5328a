import Common

/// The consensus write-ahead log as the driver sees it: every input is recorded before it is processed.
public protocol ConsensusJournal: AnyObject {
    /// Appends `input` (not necessarily synced).
    func record(_ input: ConsensusInput) throws
    /// Makes everything recorded so far durable.
    func sync() throws
    /// Marks `height` as decided and persisted (durably).
    func endHeight(_ height: Height) throws
    /// Marks `height` as decided if the journal's last marker is below it (after a crash between saving a block
    /// and marking its height).
    func ensureEndHeight(_ height: Height) throws
    /// The inputs recorded for `height` since the last end-height marker, in order.
    func inputs(forHeight height: Height) throws -> [ConsensusInput]
}

/// The private validator: signs only what it never signed differently before, and persists that before
/// returning a signature.
public protocol ConsensusSigner: AnyObject {
    /// The validator's consensus key.
    var publicKey: Ed25519PublicKey { get }
    /// Signs a vote, or throws if that would be a double sign or a regression.
    func sign(_ vote: Vote, chainID: String) throws -> Ed25519Signature
    /// Signs a proposal, or throws if that would be a double sign or a regression.
    func sign(_ proposal: Proposal, chainID: String) throws -> Ed25519Signature
}

/// The application side of consensus (the node adapts its ABCI-shaped application to this).
public protocol BlockExecutor: AnyObject {
    /// The transactions for a block this node proposes (prepareProposal), within `maxBytes`.
    func transactions(forHeight height: Height, maxBytes: Int, time: Timestamp) -> [[UInt8]]
    /// Whether the application accepts a proposed block (processProposal). Must be deterministic.
    func accepts(_ block: Block) -> Bool
    /// Executes a decided block and commits the application state (finalizeBlock + commit).
    func execute(_ block: Block) throws -> BlockResults
}

/// Where decided blocks, their commits and the chain state after them are kept.
public protocol ConsensusStore: AnyObject {
    /// Persists a decided block, its commit and the chain state after it, atomically.
    func save(_ block: Block, commit: Commit, state: ChainState) throws
    /// Replaces the stored commit of `commit.height` with one carrying more signatures.
    func updateCommit(_ commit: Commit) throws
    /// The decided block at `height`.
    func block(at height: Height) -> Block?
    /// The commit that decided `height`.
    func commit(at height: Height) -> Commit?
    /// The validator set that decided `height`.
    func validators(at height: Height) -> ValidatorSet?
    /// The time of the block at `height` (the genesis time for height 0).
    func blockTime(at height: Height) -> Timestamp?
    /// The evidence that was pending when last saved (reloaded after a restart).
    func pendingEvidence() -> [DuplicateVoteEvidence]
    /// Replaces the saved pending evidence.
    func savePendingEvidence(_ evidence: [DuplicateVoteEvidence]) throws
}
