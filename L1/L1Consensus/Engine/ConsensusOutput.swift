/// What the engine asks the node to do. The engine never performs effects; it returns them.
public enum ConsensusOutput: Hashable, Sendable {
    /// Build a block for this height and round (prepareProposal) and hand it back as ``ConsensusInput/proposalBlock(_:)``.
    case buildBlock(Height, Round)
    /// Sign this proposal with the private validator, broadcast it with the block, and feed it back as an input.
    case signProposal(Proposal, Block)
    /// Sign this vote with the private validator, broadcast it, and feed it back as an input.
    case signVote(Vote)
    /// Fire this timeout after the duration.
    case scheduleTimeout(Timeout, Duration)
    /// The block is decided with this commit: execute it, persist it, then start the next height after the
    /// commit timeout.
    case decided(Block, Commit)
    /// A validator equivocated: pool, gossip and commit this evidence.
    case evidence(DuplicateVoteEvidence)
    /// The engine entered a new round (for logs, metrics and gossip).
    case enteredRound(Height, Round)
}
