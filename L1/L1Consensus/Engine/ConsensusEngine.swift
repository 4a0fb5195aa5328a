import Common

/// The Tendermint consensus algorithm for one validator ("The latest gossip on BFT consensus", Buchman, Kwon and
/// Milosevic, 2018), as a pure value: `step(input) -> [output]`. No clock, no I/O, no randomness: the node
/// feeds messages, timeouts and its own signed messages in, and performs what comes out. Line numbers in the
/// comments refer to Algorithm 1 of the paper.
public struct ConsensusEngine: Sendable {
    /// The chain this engine decides blocks for.
    public let chainID: String
    /// Timeouts per step and round.
    public let timeouts: TimeoutConfig
    /// This validator's consensus key, or nil for a node that only follows.
    public let ownKey: Ed25519PublicKey?

    /// The height being decided.
    public private(set) var height = Height(0)
    /// The current round.
    public private(set) var round = Round.zero
    /// The step within the round.
    public private(set) var step = RoundStep.propose
    /// The validator set deciding `height`.
    public private(set) var validators: ValidatorSet?
    /// The round and block this validator is locked on, if any (lines 38-39).
    public private(set) var locked: (round: Round, block: Block)?
    /// The most recent block seen with a polka in the current height, and its round (lines 42-43).
    public private(set) var valid: (round: Round, block: Block)?
    /// The decided block and its commit, once decided.
    public private(set) var decision: Block?

    var ownIndex: Int?
    var previousBlockTime = Timestamp.epoch
    var votes = HeightVotes.empty
    var proposals: [Round: SignedProposal] = [:]
    var blocks: [BlockID: (block: Block, verdict: BlockVerdict)] = [:]
    var awaitingOwnBlock = false
    var prevoteTimeoutScheduled = false
    var precommitTimeoutScheduled = false
    var polkaHandled = false
    var decisionRound: Round?

    /// An engine for `chainID`; it does nothing until ``ConsensusInput/startHeight(_:)``.
    public init(chainID: String, timeouts: TimeoutConfig = TimeoutConfig(), ownKey: Ed25519PublicKey?) {
        self.chainID = chainID
        self.timeouts = timeouts
        self.ownKey = ownKey
    }

    /// Processes one input and returns what the node must do, in order.
    public mutating func step(_ input: ConsensusInput) -> [ConsensusOutput] {
        var outputs = [ConsensusOutput]()
        switch input {
        case .startHeight(let start): startHeight(start, &outputs)
        case .proposal(let proposal, let block, let verdict): receive(proposal, block, verdict)
        case .vote(let vote): receive(vote, &outputs)
        case .timeout(let timeout): fire(timeout, &outputs)
        case .proposalBlock(let block): ownBlockBuilt(block, &outputs)
        case .committedBlock(let block):
            // +2/3 precommits prove the block valid, whatever this node judged before (a local failure may
            // have marked it invalid).
            if validators != nil, block.height == height { blocks[block.id] = (block, .accepted) }
        }
        if validators != nil {
            while decision == nil, applyRules(&outputs) {}
        }
        return outputs
    }

    /// The index of this round's proposer in the validator set.
    public func proposerIndex(for round: Round) -> Int? {
        validators?.proposer(forRound: round)
    }

    /// The commit for the decided block built from every precommit seen so far (grows as late precommits
    /// arrive during the commit timeout), or nil before a decision.
    public func commitForDecision() -> Commit? {
        guard let decision, let decisionRound, let validators,
            let tally = votes.tally(.precommit, decisionRound)
        else { return nil }
        let id = decision.id
        let entries: [CommitSignature] = (0..<validators.count).map { index in
            if let vote = tally.vote(from: index, for: id) { return .commit(vote.signature) }
            if let vote = tally.vote(from: index, for: nil) { return .nilVote(vote.signature) }
            return .absent
        }
        return Commit(height: height, round: decisionRound, blockID: id, signatures: entries)
    }

    /// The votes of `type` in `round` seen so far, by validator index (for gossip and RPC).
    public func votes(_ type: VoteType, round: Round) -> [SignedVote] {
        votes.tally(type, round)?.votes.compactMap { $0 } ?? []
    }

    /// Whether a vote (already verified) would be counted rather than refused: its height is current, its signer
    /// is in the set and its round is within the signer's catch-up quota.
    public func wouldCount(_ vote: SignedVote) -> Bool {
        validators != nil && vote.vote.height == height && votes.wouldAccept(vote)
    }

    /// Whether the engine waits for this node's block (a ``ConsensusOutput/buildBlock(_:_:)`` is outstanding).
    public var isAwaitingOwnBlock: Bool { awaitingOwnBlock }

    /// The proposal of `round`, if one was received, with its block.
    public func proposal(for round: Round) -> (SignedProposal, Block)? {
        guard let proposal = proposals[round], let entry = blocks[proposal.proposal.blockID] else { return nil }
        return (proposal, entry.block)
    }

    // MARK: - Inputs

    private mutating func startHeight(_ start: HeightStart, _ outputs: inout [ConsensusOutput]) {
        // Heights only move forward; a stale or repeated start is ignored.
        guard validators == nil || start.height > height else { return }
        height = start.height
        validators = start.validators
        previousBlockTime = start.previousBlockTime
        ownIndex = ownKey.flatMap { start.validators.index(of: $0) }
        votes = HeightVotes(validators: start.validators)
        proposals = [:]
        blocks = [:]
        locked = nil
        valid = nil
        decision = nil
        decisionRound = nil
        startRound(.zero, &outputs)
    }

    private mutating func receive(_ signed: SignedProposal, _ block: Block, _ verdict: BlockVerdict) {
        let proposal = signed.proposal
        guard validators != nil, proposal.height == height, proposal.round <= round.next,
            proposal.blockID == block.id, block.height == height, proposals[proposal.round] == nil
        else { return }
        proposals[proposal.round] = signed
        if blocks[block.id] == nil { blocks[block.id] = (block, verdict) }
    }

    private mutating func receive(_ vote: SignedVote, _ outputs: inout [ConsensusOutput]) {
        guard let validators, vote.vote.height == height else { return }
        guard case .success(let addition) = votes.add(vote) else { return }
        if case .conflict(let existing) = addition,
            let validator = validators.validator(at: Int(vote.validatorIndex)),
            let evidence = DuplicateVoteEvidence(
                existing, vote, validator: validator, totalVotingPower: validators.totalVotingPower,
                time: previousBlockTime)
        {
            outputs.append(.evidence(evidence))
        }
    }

    private mutating func fire(_ timeout: Timeout, _ outputs: inout [ConsensusOutput]) {
        guard validators != nil, decision == nil, timeout.height == height, timeout.round == round else { return }
        switch timeout.step {
        case .propose where step == .propose:  // OnTimeoutPropose, line 57
            castVote(.prevote, for: nil, &outputs)
        case .prevote where step == .prevote:  // OnTimeoutPrevote, line 61
            castVote(.precommit, for: nil, &outputs)
        case .precommit:  // OnTimeoutPrecommit, line 65
            startRound(round.next, &outputs)
        default:
            break
        }
    }

    private mutating func ownBlockBuilt(_ block: Block, _ outputs: inout [ConsensusOutput]) {
        guard awaitingOwnBlock, block.height == height, step == .propose else { return }
        awaitingOwnBlock = false
        outputs.append(.signProposal(Proposal(height: height, round: round, polRound: nil, blockID: block.id), block))
    }

    // MARK: - Rounds and votes

    /// StartRound, lines 11-21.
    private mutating func startRound(_ newRound: Round, _ outputs: inout [ConsensusOutput]) {
        round = newRound
        step = .propose
        votes.currentRound = newRound
        prevoteTimeoutScheduled = false
        precommitTimeoutScheduled = false
        polkaHandled = false
        awaitingOwnBlock = false
        outputs.append(.enteredRound(height, newRound))
        if let ownIndex, ownIndex == proposerIndex(for: newRound) {
            if let valid {
                outputs.append(
                    .signProposal(
                        Proposal(height: height, round: newRound, polRound: valid.round, blockID: valid.block.id),
                        valid.block))
            } else {
                awaitingOwnBlock = true
                outputs.append(.buildBlock(height, newRound))
            }
        }
        // The proposer schedules the timeout too: a slow block builder must not stall the round.
        schedule(.propose, &outputs)
    }

    private mutating func castVote(_ type: VoteType, for blockID: BlockID?, _ outputs: inout [ConsensusOutput]) {
        step = type == .prevote ? .prevote : .precommit
        guard ownIndex != nil else { return }
        outputs.append(.signVote(Vote(type: type, height: height, round: round, blockID: blockID)))
    }

    private func schedule(_ timeoutStep: TimeoutStep, _ outputs: inout [ConsensusOutput]) {
        outputs.append(
            .scheduleTimeout(
                Timeout(height: height, round: round, step: timeoutStep),
                timeouts.duration(of: timeoutStep, round: round)))
    }

    /// Applies the first rule whose condition holds; returns whether one did (the caller loops to a fixed point).
    private mutating func applyRules(_ outputs: inout [ConsensusOutput]) -> Bool {
        guard let validators else { return false }
        if decideIfPossible(validators, &outputs) { return true }
        if skipToHigherRound(validators, &outputs) { return true }
        return applyCurrentRoundRules(validators, &outputs)
    }

    /// Line 49: a proposal and +2/3 precommits for its block in any round decide the height.
    private mutating func decideIfPossible(_ validators: ValidatorSet, _ outputs: inout [ConsensusOutput]) -> Bool {
        for (roundNumber, tally) in votes.precommits.sorted(by: { $0.key < $1.key }) {
            guard case .some(.some(let id)) = tally.majority(quorumPower: validators.quorumPower),
                let entry = blocks[id], entry.verdict.isValid
            else { continue }
            decision = entry.block
            decisionRound = roundNumber
            step = .commit
            if let commit = commitForDecision() { outputs.append(.decided(entry.block, commit)) }
            return true
        }
        return false
    }

    /// Line 55: +1/3 of the power active in a higher round means an honest validator is there; follow it.
    private mutating func skipToHigherRound(_ validators: ValidatorSet, _ outputs: inout [ConsensusOutput]) -> Bool {
        let target = votes.roundsWithVotes.last { $0 > round && validators.isOneThird(votes.powerSeen(in: $0)) }
        guard let target else { return false }
        startRound(target, &outputs)
        return true
    }

    private mutating func applyCurrentRoundRules(
        _ validators: ValidatorSet, _ outputs: inout [ConsensusOutput]
    ) -> Bool {
        let quorum = validators.quorumPower
        let prevotes = votes.tally(.prevote, round)
        let proposal = proposals[round]?.proposal
        let proposed = proposal.flatMap { blocks[$0.blockID] }

        if step == .propose, let proposal, let proposed {
            if let polRound = proposal.polRound {
                // Line 28: a re-proposal justified by a polka in an earlier round.
                let polka = votes.tally(.prevote, polRound)?.power(for: proposal.blockID) ?? 0
                if polRound < round, polka >= quorum {
                    let acceptable =
                        proposed.verdict.isValid
                        && (locked.map { $0.round <= polRound || $0.block.id == proposal.blockID } ?? true)
                    castVote(.prevote, for: acceptable ? proposal.blockID : nil, &outputs)
                    return true
                }
            } else {
                // Line 22: a fresh proposal.
                let acceptable =
                    proposed.verdict.isValid && proposed.verdict.isTimely
                    && (locked.map { $0.block.id == proposal.blockID } ?? true)
                castVote(.prevote, for: acceptable ? proposal.blockID : nil, &outputs)
                return true
            }
        }

        // Line 34: +2/3 prevotes of any kind start the prevote timeout.
        if step == .prevote, !prevoteTimeoutScheduled, let prevotes, validators.isQuorum(prevotes.totalPower) {
            prevoteTimeoutScheduled = true
            schedule(.prevote, &outputs)
            return true
        }

        // Line 36: a polka for the proposed block.
        if step >= .prevote, !polkaHandled, let proposal, let proposed, proposed.verdict.isValid,
            let prevotes, prevotes.power(for: proposal.blockID) >= quorum
        {
            polkaHandled = true
            if step == .prevote {
                locked = (round, proposed.block)
                castVote(.precommit, for: proposal.blockID, &outputs)
            }
            valid = (round, proposed.block)
            return true
        }

        // Line 44: a polka for nil.
        if step == .prevote, let prevotes, prevotes.power(for: nil) >= quorum {
            castVote(.precommit, for: nil, &outputs)
            return true
        }

        // Line 47: +2/3 precommits of any kind start the precommit timeout.
        if !precommitTimeoutScheduled, let precommits = votes.tally(.precommit, round),
            validators.isQuorum(precommits.totalPower)
        {
            precommitTimeoutScheduled = true
            schedule(.precommit, &outputs)
            return true
        }
        return false
    }
}
