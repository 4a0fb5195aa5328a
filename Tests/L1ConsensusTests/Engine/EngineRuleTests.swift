import Common
import L1Consensus
import Testing

/// The rules of Algorithm 1 of "The latest gossip on BFT consensus" (Buchman, Kwon, Milosevic), one test per
/// rule, driving the engine with hand-built inputs. Four validators of power 10: a quorum (> 2/3 of 40) is three
/// votes, more than a third is two. The engine does not count its own messages until they are fed back (the
/// node signs them and feeds them in), so the tests feed them back too.
@Suite("Engine rules")
struct EngineRuleTests {
    let fx = ConsensusFixture()
    let blockB: Block
    let blockC: Block

    init() {
        blockB = fx.block(0xB)
        blockC = fx.block(0xC)
    }

    private func prevote(_ index: Int, round: UInt32 = 0, _ block: Block?) -> ConsensusInput {
        .vote(fx.vote(.prevote, index, round: round, block))
    }

    private func precommit(_ index: Int, round: UInt32 = 0, _ block: Block?) -> ConsensusInput {
        .vote(fx.vote(.precommit, index, round: round, block))
    }

    private func proposal(round: UInt32, polRound: UInt32? = nil, _ block: Block, _ verdict: BlockVerdict = .accepted)
        -> ConsensusInput
    {
        .proposal(fx.proposal(round: round, polRound: polRound, block), block, verdict)
    }

    /// Ends round `round` with +2/3 precommits of mixed content (this validator's `ownPrecommit` and two nil
    /// precommits) and fires the precommit timeout: the engine is then in round `round + 1`.
    private func endRound(
        _ engine: inout ConsensusEngine, own: Int, round: UInt32, ownPrecommit: Block?
    ) -> [ConsensusOutput] {
        let others = fx.others(than: own)
        _ = engine.feed(
            precommit(own, round: round, ownPrecommit), precommit(others[0], round: round, nil),
            precommit(others[1], round: round, nil))
        return engine.step(ConsensusFixture.timeout(.precommit, round: round))
    }

    /// Round 0: a proposal for `block`, a polka for it, this validator locks; the round ends without a decision.
    /// Returns the engine in round 1, step propose.
    private func lockedInRound0(own: Int, on block: Block) -> ConsensusEngine {
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        _ = engine.feed(
            proposal(round: 0, block), prevote(own, block), prevote(others[0], block), prevote(others[1], block))
        _ = endRound(&engine, own: own, round: 0, ownPrecommit: block)
        return engine
    }

    // MARK: - StartRound (lines 11-21)

    @Test("the proposer of round 0 asks for a block, then proposes it fresh (no polka round)")
    func proposerBuildsBlock() {
        let own = fx.proposer(0)
        var (engine, outputs) = fx.engine(own: own)
        #expect(outputs.contains(.buildBlock(Height(1), .zero)))
        #expect(engine.isAwaitingOwnBlock)
        let proposed = engine.step(.proposalBlock(blockB))
        #expect(
            proposed == [
                .signProposal(Proposal(height: Height(1), round: .zero, polRound: nil, blockID: blockB.id), blockB)
            ])
        #expect(!engine.isAwaitingOwnBlock)
    }

    @Test("a validator that does not propose asks for no block and schedules the propose timeout")
    func nonProposerWaits() {
        let (engine, outputs) = fx.engine(own: fx.nonProposer())
        #expect(!outputs.contains(.buildBlock(Height(1), .zero)))
        #expect(!engine.isAwaitingOwnBlock)
        #expect(outputs.roundsEntered == [.zero])
        #expect(outputs.scheduled.map(\.timeout) == [Timeout(height: Height(1), round: .zero, step: .propose)])
        #expect(outputs.scheduled.map(\.after) == [.seconds(3)])
    }

    @Test("a proposer that knows a valid block re-proposes it with the round of its polka")
    func proposerReproposesValidBlock() {
        // The proposer of round 1 saw a polka for B in round 0; round 0 ends without a decision.
        let own = fx.proposer(1)
        #expect(own != fx.proposer(0))
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        _ = engine.feed(
            proposal(round: 0, blockB), prevote(own, blockB), prevote(others[0], blockB),
            prevote(others[1], blockB))
        #expect(engine.valid?.block == blockB)
        let outputs = endRound(&engine, own: own, round: 0, ownPrecommit: blockB)
        #expect(outputs.roundsEntered == [Round(1)])
        #expect(!outputs.contains(.buildBlock(Height(1), Round(1))))
        let expected = Proposal(height: Height(1), round: Round(1), polRound: .zero, blockID: blockB.id)
        #expect(outputs.contains(.signProposal(expected, blockB)))
    }

    // MARK: - Prevote on a fresh proposal (line 22)

    @Test("a validator prevotes a valid, timely, fresh proposal")
    func prevotesValidProposal() {
        var (engine, _) = fx.engine(own: fx.nonProposer())
        let outputs = engine.step(proposal(round: 0, blockB))
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: .zero, blockID: blockB.id)])
        #expect(engine.step == .prevote)
    }

    @Test("a validator prevotes nil for an invalid proposal")
    func prevotesNilForInvalid() {
        var (engine, _) = fx.engine(own: fx.nonProposer())
        let outputs = engine.step(proposal(round: 0, blockB, BlockVerdict(isValid: false, isTimely: true)))
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: .zero, blockID: nil)])
    }

    @Test("a validator prevotes nil for a fresh proposal whose time is not timely")
    func prevotesNilForUntimely() {
        var (engine, _) = fx.engine(own: fx.nonProposer())
        let outputs = engine.step(proposal(round: 0, blockB, BlockVerdict(isValid: true, isTimely: false)))
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: .zero, blockID: nil)])
    }

    @Test("a locked validator prevotes nil for a fresh proposal of another block")
    func lockedPrevotesNilForOtherBlock() {
        let own = fx.nonProposer(of: [0, 1])
        var engine = lockedInRound0(own: own, on: blockB)
        #expect(engine.round == Round(1))
        let outputs = engine.step(proposal(round: 1, blockC))
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: Round(1), blockID: nil)])
    }

    @Test("a locked validator prevotes its locked block")
    func lockedPrevotesLockedBlock() {
        let own = fx.nonProposer(of: [0, 1])
        var engine = lockedInRound0(own: own, on: blockB)
        let outputs = engine.step(proposal(round: 1, blockB))
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: Round(1), blockID: blockB.id)])
    }

    // MARK: - Prevotes (lines 34, 36, 44)

    @Test("+2/3 prevotes of any kind schedule the prevote timeout, once")
    func prevoteTimeoutOnce() {
        let own = fx.nonProposer()
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        var outputs = engine.feed(proposal(round: 0, blockB), prevote(own, blockB), prevote(others[0], nil))
        #expect(outputs.scheduled(.prevote).isEmpty)
        outputs = engine.step(prevote(others[1], blockC))
        #expect(outputs.scheduled(.prevote) == [Timeout(height: Height(1), round: .zero, step: .prevote)])
        #expect(outputs.scheduled.map(\.after) == [.seconds(1)])
        #expect(outputs.votesToSign.isEmpty)
        outputs = engine.step(prevote(others[2], nil))
        #expect(outputs.scheduled.isEmpty)
        // The timeout precommits nil (line 61).
        outputs = engine.step(ConsensusFixture.timeout(.prevote, round: 0))
        #expect(outputs.votesToSign == [Vote(type: .precommit, height: Height(1), round: .zero, blockID: nil)])
    }

    @Test("a polka for the proposal locks the block and precommits it")
    func polkaLocksAndPrecommits() {
        let own = fx.nonProposer()
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        var outputs = engine.feed(proposal(round: 0, blockB), prevote(own, blockB), prevote(others[0], blockB))
        #expect(engine.locked == nil)
        outputs = engine.step(prevote(others[1], blockB))
        #expect(outputs.votesToSign == [Vote(type: .precommit, height: Height(1), round: .zero, blockID: blockB.id)])
        #expect(engine.locked?.round == .zero)
        #expect(engine.locked?.block == blockB)
        #expect(engine.valid?.round == .zero)
        #expect(engine.valid?.block == blockB)
        #expect(engine.step == .precommit)
    }

    @Test("a polka seen after precommitting nil updates the valid block but neither locks nor precommits again")
    func polkaAfterPrecommitUpdatesValid() {
        let own = fx.nonProposer()
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        // No proposal yet: the propose timeout prevotes nil, mixed prevotes then the prevote timeout precommit nil.
        _ = engine.feed(
            ConsensusFixture.timeout(.propose, round: 0), prevote(own, nil), prevote(others[0], blockB),
            prevote(others[1], blockB), ConsensusFixture.timeout(.prevote, round: 0))
        #expect(engine.step == .precommit)
        let outputs = engine.feed(proposal(round: 0, blockB), prevote(others[2], blockB))
        #expect(outputs.votesToSign.isEmpty)
        #expect(engine.locked == nil)
        #expect(engine.valid?.round == .zero)
        #expect(engine.valid?.block == blockB)
    }

    @Test("a polka for nil precommits nil")
    func nilPolkaPrecommitsNil() {
        let own = fx.nonProposer()
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        let outputs = engine.feed(
            proposal(round: 0, blockB, BlockVerdict(isValid: false, isTimely: true)), prevote(own, nil),
            prevote(others[0], nil), prevote(others[1], nil))
        #expect(
            outputs.votesToSign == [
                Vote(type: .prevote, height: Height(1), round: .zero, blockID: nil),
                Vote(type: .precommit, height: Height(1), round: .zero, blockID: nil),
            ])
        #expect(engine.locked == nil)
    }

    // MARK: - Re-proposals with a proof of lock (line 28)

    @Test("a re-proposal waits for its polka, then is prevoted by a validator locked in an earlier round")
    func reproposalAcceptedWhenLockIsOlder() {
        // Locked on B in round 0; in round 1 the others form a polka for C that this validator did not join;
        // in round 2 C is re-proposed with polka round 1 (lockedRound 0 <= 1).
        let own = fx.nonProposer(of: [0, 1, 2])
        var engine = lockedInRound0(own: own, on: blockB)
        let others = fx.others(than: own)
        _ = engine.feed(ConsensusFixture.timeout(.propose, round: 1), prevote(own, round: 1, nil))
        _ = engine.step(ConsensusFixture.timeout(.prevote, round: 1))
        _ = endRound(&engine, own: own, round: 1, ownPrecommit: nil)
        #expect(engine.round == Round(2))
        #expect(engine.locked?.block == blockB)
        // The re-proposal arrives before the polka it names: nothing to do yet.
        var outputs = engine.step(proposal(round: 2, polRound: 1, blockC))
        #expect(outputs.votesToSign.isEmpty)
        outputs = engine.feed(votes: others.map { fx.vote(.prevote, $0, round: 1, blockC) })
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: Round(2), blockID: blockC.id)])
    }

    @Test("a re-proposal is refused (prevote nil) by a validator locked on another block in a later round")
    func reproposalRefusedWhenLockIsNewer() {
        // Round 0: a polka for C that this validator missed. Round 1: it locks on B. Round 2: C re-proposed with
        // polka round 0 < lockedRound 1.
        let own = fx.nonProposer(of: [0, 1, 2])
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        _ = engine.feed(ConsensusFixture.timeout(.propose, round: 0), prevote(own, nil))
        _ = engine.feed(votes: others.map { fx.vote(.prevote, $0, round: 0, blockC) })
        _ = engine.step(ConsensusFixture.timeout(.prevote, round: 0))
        _ = endRound(&engine, own: own, round: 0, ownPrecommit: nil)
        _ = engine.feed(
            proposal(round: 1, blockB), prevote(own, round: 1, blockB), prevote(others[0], round: 1, blockB),
            prevote(others[1], round: 1, blockB))
        #expect(engine.locked?.round == Round(1))
        _ = endRound(&engine, own: own, round: 1, ownPrecommit: blockB)
        let outputs = engine.step(proposal(round: 2, polRound: 0, blockC))
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: Round(2), blockID: nil)])
    }

    @Test("a re-proposal of the locked block is prevoted even when its polka is older than the lock")
    func reproposalOfLockedBlock() {
        // Round 0: a polka for B that this validator missed. Round 1: it locks on B. Round 2: B re-proposed with
        // polka round 0 < lockedRound 1, but it is the locked block.
        let own = fx.nonProposer(of: [0, 1, 2])
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        _ = engine.feed(ConsensusFixture.timeout(.propose, round: 0), prevote(own, nil))
        _ = engine.feed(votes: others.map { fx.vote(.prevote, $0, round: 0, blockB) })
        _ = engine.step(ConsensusFixture.timeout(.prevote, round: 0))
        _ = endRound(&engine, own: own, round: 0, ownPrecommit: nil)
        _ = engine.feed(
            proposal(round: 1, blockB), prevote(own, round: 1, blockB), prevote(others[0], round: 1, blockB),
            prevote(others[1], round: 1, blockB))
        #expect(engine.locked?.round == Round(1))
        _ = endRound(&engine, own: own, round: 1, ownPrecommit: blockB)
        let outputs = engine.step(proposal(round: 2, polRound: 0, blockB))
        #expect(outputs.votesToSign == [Vote(type: .prevote, height: Height(1), round: Round(2), blockID: blockB.id)])
    }

    // MARK: - Precommits (lines 47, 49, 65)

    @Test("+2/3 precommits of any kind schedule the precommit timeout once; it starts the next round")
    func precommitTimeoutStartsNextRound() {
        let own = fx.nonProposer(of: [0, 1])
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        var outputs = engine.feed(precommit(others[0], nil), precommit(others[1], blockB))
        #expect(outputs.scheduled.isEmpty)
        outputs = engine.step(precommit(others[2], nil))
        #expect(outputs.scheduled(.precommit) == [Timeout(height: Height(1), round: .zero, step: .precommit)])
        #expect(outputs.scheduled.map(\.after) == [.seconds(1)])
        outputs = engine.step(precommit(own, nil))
        #expect(outputs.scheduled.isEmpty)
        outputs = engine.step(ConsensusFixture.timeout(.precommit, round: 0))
        #expect(outputs.roundsEntered == [Round(1)])
        #expect(engine.round == Round(1))
        #expect(engine.step == .propose)
        #expect(outputs.scheduled.map(\.after) == [.milliseconds(3_500)])
    }

    @Test("+2/3 precommits for the proposed block decide it; the commit holds exactly the precommits of its round")
    func decisionAndCommit() throws {
        // Three validators of power 10 and two of power 1: total 32, a quorum is 22 (the three of power 10).
        let fx = ConsensusFixture(powers: [10, 10, 10, 1, 1])
        let blockB = fx.block(0xB)
        var (engine, _) = fx.engine(own: nil)
        _ = engine.step(.proposal(fx.proposal(round: 0, blockB), blockB, .accepted))
        let nilVote = fx.vote(.precommit, 3, nil)
        let otherBlock = fx.vote(.precommit, 4, fx.block(0xC))
        let laterRound = fx.vote(.precommit, 0, round: 1, blockB)
        let forB = (0..<3).map { fx.vote(.precommit, $0, blockB) }
        var outputs = engine.feed(votes: [nilVote, otherBlock, laterRound, forB[0], forB[1]])
        #expect(outputs.decisions.isEmpty)
        outputs = engine.step(.vote(forB[2]))
        let decision = try #require(outputs.decisions.first)
        #expect(outputs.decisions.count == 1)
        #expect(decision.block == blockB)
        #expect(engine.decision == blockB)
        #expect(engine.step == .commit)
        let commit = decision.commit
        #expect(commit.height == Height(1))
        #expect(commit.round == .zero)
        #expect(commit.blockID == blockB.id)
        // Entry i is validator i's precommit of round 0: for B, nil, or absent (validator 4 precommitted C).
        #expect(
            commit.signatures == [
                .commit(forB[0].signature), .commit(forB[1].signature), .commit(forB[2].signature),
                .nilVote(nilVote.signature), .absent,
            ])
        try commit.verify(chainID: ConsensusFixture.chainID, validators: fx.validators)
        #expect(engine.commitForDecision() == commit)
    }

    @Test("precommits for a block nobody proposed validly decide nothing")
    func noDecisionForInvalidBlock() {
        let own = fx.nonProposer()
        var (engine, _) = fx.engine(own: own)
        _ = engine.step(proposal(round: 0, blockB, BlockVerdict(isValid: false, isTimely: true)))
        let outputs = engine.feed(votes: fx.validators.validators.indices.map { fx.vote(.precommit, $0, blockB) })
        #expect(outputs.decisions.isEmpty)
        #expect(engine.decision == nil)
    }

    @Test("+2/3 precommits of an earlier round decide, even after the validator moved to a later round")
    func decisionFromEarlierRound() throws {
        let own = fx.nonProposer(of: [0, 1])
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        _ = engine.feed(
            proposal(round: 0, blockB), prevote(own, blockB), prevote(others[0], blockB), prevote(others[1], blockB),
            precommit(own, blockB))
        // Two validators (more than a third) are seen in round 1: the validator follows them there.
        _ = engine.feed(prevote(others[0], round: 1, nil), prevote(others[1], round: 1, nil))
        #expect(engine.round == Round(1))
        let outputs = engine.feed(precommit(others[0], blockB), precommit(others[1], blockB))
        let decision = try #require(outputs.decisions.first)
        #expect(decision.block == blockB)
        #expect(decision.commit.round == .zero)
        #expect(engine.round == Round(1))
        try decision.commit.verify(chainID: ConsensusFixture.chainID, validators: fx.validators)
    }

    // MARK: - Round skip (line 55)

    @Test("messages from more than a third of the power in a higher round make the validator skip to it")
    func roundSkip() {
        let own = fx.nonProposer(of: [0, 3])
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        var outputs = engine.step(prevote(others[0], round: 3, nil))
        #expect(engine.round == .zero)
        #expect(outputs.roundsEntered.isEmpty)
        outputs = engine.step(precommit(others[1], round: 3, nil))
        #expect(outputs.roundsEntered == [Round(3)])
        #expect(engine.round == Round(3))
        #expect(outputs.scheduled.map(\.timeout) == [Timeout(height: Height(1), round: Round(3), step: .propose)])
        #expect(outputs.scheduled.map(\.after) == [.milliseconds(4_500)])
    }

    @Test("exactly a third of the power in a higher round is not enough to skip")
    func noRoundSkipAtOneThird() {
        let fx = ConsensusFixture(powers: [10, 10, 10])
        var (engine, _) = fx.engine(own: 0)
        var outputs = engine.step(.vote(fx.vote(.prevote, 1, round: 2, id: nil)))
        outputs += engine.step(.vote(fx.vote(.precommit, 1, round: 2, id: nil)))
        #expect(outputs.roundsEntered.isEmpty)
        #expect(engine.round == .zero)
        outputs = engine.step(.vote(fx.vote(.prevote, 2, round: 2, id: nil)))
        #expect(outputs.roundsEntered == [Round(2)])
    }

    // MARK: - Timeouts (lines 57-65)

    @Test("timeouts of an earlier round, another height, or a step already left are ignored")
    func staleTimeoutsIgnored() {
        let own = fx.nonProposer(of: [0, 1])
        var engine = lockedInRound0(own: own, on: blockB)
        #expect(engine.round == Round(1))
        let stale: [ConsensusInput] = [
            ConsensusFixture.timeout(.propose, round: 0), ConsensusFixture.timeout(.prevote, round: 0),
            ConsensusFixture.timeout(.precommit, round: 0),
            .timeout(Timeout(height: Height(2), round: Round(1), step: .propose)),
            .timeout(Timeout(height: Height(2), round: Round(1), step: .precommit)),
            // Round 1 is in step propose: a prevote timeout of round 1 belongs to a step not reached.
            ConsensusFixture.timeout(.prevote, round: 1),
        ]
        for input in stale {
            #expect(engine.step(input).isEmpty, "\(input)")
        }
        #expect(engine.round == Round(1))
        #expect(engine.step == .propose)
        // The propose timeout of the current round prevotes nil (line 57), once.
        #expect(engine.step(ConsensusFixture.timeout(.propose, round: 1)).votesToSign.count == 1)
        #expect(engine.step(ConsensusFixture.timeout(.propose, round: 1)).isEmpty)
    }

    @Test("timeouts grow by their delta every round: propose 3 s, prevote 1 s, precommit 1 s, +500 ms per round")
    func timeoutDurations() {
        let config = TimeoutConfig()
        #expect(config.duration(of: .propose, round: .zero) == .seconds(3))
        #expect(config.duration(of: .prevote, round: .zero) == .seconds(1))
        #expect(config.duration(of: .precommit, round: .zero) == .seconds(1))
        #expect(config.commit == .seconds(1))
        #expect(config.duration(of: .propose, round: Round(1)) == .milliseconds(3_500))
        #expect(config.duration(of: .prevote, round: Round(4)) == .seconds(3))
        #expect(config.duration(of: .precommit, round: Round(10)) == .seconds(6))
        let custom = TimeoutConfig(propose: .seconds(2), proposeDelta: .seconds(1))
        #expect(custom.duration(of: .propose, round: Round(3)) == .seconds(5))
    }

    // MARK: - Votes

    @Test("a vote received twice counts once")
    func duplicateVoteIgnored() {
        let own = fx.nonProposer()
        var (engine, _) = fx.engine(own: own)
        let others = fx.others(than: own)
        _ = engine.feed(proposal(round: 0, blockB), prevote(own, blockB), prevote(others[0], blockB))
        let again = engine.step(prevote(others[0], blockB))
        #expect(again.isEmpty)
        #expect(engine.locked == nil)
        #expect(engine.votes(.prevote, round: .zero).count == 2)
    }

    @Test("a validator voting for two blocks in one round yields duplicate-vote evidence in canonical order")
    func conflictingVotesYieldEvidence() throws {
        let own = fx.nonProposer()
        let index = fx.others(than: own)[0]
        let (low, high) = blockB.id < blockC.id ? (blockB, blockC) : (blockC, blockB)
        for order in [[high, low], [low, high]] {
            var (engine, _) = fx.engine(own: own)
            let first = engine.step(prevote(index, order[0]))
            #expect(first.evidence.isEmpty)
            let evidence = try #require(engine.step(prevote(index, order[1])).evidence.first)
            #expect(evidence.voteA == fx.vote(.prevote, index, low))
            #expect(evidence.voteB == fx.vote(.prevote, index, high))
            #expect(evidence.validatorAddress == fx.validators.validators[index].address)
            #expect(evidence.validatorPower == 10)
            #expect(evidence.totalVotingPower == 40)
            #expect(evidence.time == ConsensusFixture.genesisTime)
            try evidence.verify(chainID: ConsensusFixture.chainID, validators: fx.validators)
        }
        // A nil vote always comes first.
        var (engine, _) = fx.engine(own: own)
        _ = engine.step(precommit(index, high))
        let evidence = try #require(engine.step(precommit(index, nil)).evidence.first)
        #expect(evidence.voteA.vote.blockID == nil)
        #expect(evidence.voteB.vote.blockID == high.id)
    }

    @Test("one validator may open at most two rounds beyond the next one (catch-up limit)")
    func catchupRoundLimit() {
        let own = fx.nonProposer()
        let others = fx.others(than: own)
        var (engine, _) = fx.engine(own: own)
        // Round 1 is the next round: never limited.
        _ = engine.step(prevote(others[0], round: 1, nil))
        _ = engine.feed(prevote(others[0], round: 5, nil), prevote(others[0], round: 6, nil))
        // A second vote in a round it already opened is fine; a third far round is refused.
        _ = engine.feed(precommit(others[0], round: 6, nil), prevote(others[0], round: 7, nil))
        #expect(engine.votes(.prevote, round: Round(1)).count == 1)
        #expect(engine.votes(.prevote, round: Round(5)).count == 1)
        #expect(engine.votes(.precommit, round: Round(6)).count == 1)
        #expect(engine.votes(.prevote, round: Round(7)).isEmpty)
        // So its round-7 vote does not help another validator's round-7 vote reach a third of the power.
        let outputs = engine.step(prevote(others[1], round: 7, nil))
        #expect(outputs.roundsEntered.isEmpty)
        #expect(engine.round == .zero)
        // Another validator still has its own quota.
        #expect(engine.votes(.prevote, round: Round(7)).count == 1)
    }
}
