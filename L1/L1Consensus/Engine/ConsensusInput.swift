/// What a proposal's block was judged to be by the node before the engine saw it.
public struct BlockVerdict: Hashable, Sendable {
    /// The block is valid: well formed, consistent with the chain state, and accepted by the application.
    /// Every correct validator reaches the same verdict.
    public var isValid: Bool
    /// The block time is close enough to the local clock (only this validator's view; it gates a fresh
    /// proposal's prevote, never a decision).
    public var isTimely: Bool

    /// A verdict.
    public init(isValid: Bool, isTimely: Bool) {
        self.isValid = isValid
        self.isTimely = isTimely
    }

    /// Valid and timely.
    public static let accepted = BlockVerdict(isValid: true, isTimely: true)
}

/// What starts a height: the set that decides it and the time of the previous block.
public struct HeightStart: Hashable, Sendable {
    /// The height to decide.
    public let height: Height
    /// Its validator set, with proposer priorities for round 0.
    public let validators: ValidatorSet
    /// The time of the block at `height - 1` (the genesis time at height 1); evidence from this height is
    /// stamped with it.
    public let previousBlockTime: Timestamp

    /// A height start.
    public init(height: Height, validators: ValidatorSet, previousBlockTime: Timestamp) {
        self.height = height
        self.validators = validators
        self.previousBlockTime = previousBlockTime
    }
}

/// Everything the engine reacts to. Inputs come from the node: messages (signatures already checked), timeouts
/// that fired, and answers to the engine's requests. The WAL records each input before it is processed, so
/// replaying the WAL reproduces the engine exactly.
public enum ConsensusInput: Hashable, Sendable {
    /// Begin deciding a height.
    case startHeight(HeightStart)
    /// A proposal signed by the round's proposer, with its block and the node's verdict on it.
    case proposal(SignedProposal, Block, BlockVerdict)
    /// A vote whose signature was checked against the height's validator set.
    case vote(SignedVote)
    /// A timeout the engine scheduled has fired.
    case timeout(Timeout)
    /// The block this node built after a ``ConsensusOutput/buildBlock(_:_:)`` request.
    case proposalBlock(Block)
    /// A block of this height that the node verified through a commit from a peer (catch-up); the commit's
    /// precommits follow as votes and decide it.
    case committedBlock(Block)
}
