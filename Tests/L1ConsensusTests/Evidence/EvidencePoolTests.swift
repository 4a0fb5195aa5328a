import Common
import L1Consensus
import Testing

/// Evidence expires when it is older than 3 blocks **and** older than 10 seconds (the parameters of these tests).
@Suite("Evidence pool")
struct EvidencePoolTests {
    let fx: ConsensusFixture

    init() {
        var params = ConsensusParams()
        params.evidenceMaxAgeBlocks = 3
        params.evidenceMaxAge = .seconds(10)
        fx = ConsensusFixture(params: params)
    }

    /// Validator `index` prevoting two blocks at `height` round 0; stamped with the time of the block before it.
    func equivocation(_ index: Int, height: UInt64 = 1, time: Timestamp? = nil) -> DuplicateVoteEvidence {
        let first = fx.vote(.prevote, index, id: BlockID(Hash.blake2b([1])), height: Height(height))
        let second = fx.vote(.prevote, index, id: BlockID(Hash.blake2b([2])), height: Height(height))
        return DuplicateVoteEvidence(
            first, second, validator: fx.validators.validators[index], totalVotingPower: 40,
            time: time ?? blockTime(Height(height - 1))!)!
    }

    /// Blocks are one second apart in these tests unless a test builds its own chain.
    func blockTime(_ height: Height) -> Timestamp? {
        ConsensusFixture.genesisTime.adding(.seconds(Int64(height.rawValue)))
    }

    func check(_ pool: EvidencePool, _ evidence: DuplicateVoteEvidence, _ state: ChainState) -> EvidenceError? {
        do {
            try pool.check(evidence, state: state, validators: { _ in fx.validators }, blockTime: blockTime)
            return nil
        } catch {
            return error
        }
    }

    @discardableResult
    func add(_ pool: inout EvidencePool, _ evidence: DuplicateVoteEvidence, _ state: ChainState) throws -> Bool {
        try pool.add(evidence, state: state, validators: { _ in fx.validators }, blockTime: blockTime)
    }

    /// The state after `count` blocks one second apart.
    func state(after count: Int, spacing: Duration = .seconds(1)) throws -> ChainState {
        try ConsensusFixture.advance(fx.genesis, blocks: count, spacing: spacing)
    }

    @Test("verified evidence is added once; adding it again changes nothing")
    func addAndDedupe() throws {
        var pool = EvidencePool()
        let evidence = equivocation(1)
        let added = try add(&pool, evidence, fx.genesis)
        let addedAgain = try add(&pool, evidence, fx.genesis)
        #expect(added)
        #expect(!addedAgain)
        #expect(pool.pendingCount == 1)
        #expect(pool.isPending(evidence))
        #expect(!pool.isCommitted(evidence))
        #expect(pool.forProposal(maxBytes: .max) == [evidence])
    }

    @Test("evidence that does not verify or does not belong to the chain is refused")
    func refused() throws {
        let pool = EvidencePool()
        let state = try state(after: 2)
        let good = equivocation(1)
        #expect(check(pool, good, state) == nil)
        // A signature of another validator.
        let forged = SignedVote(
            vote: good.voteB.vote, validatorIndex: good.voteB.validatorIndex,
            signature: fx.vote(.prevote, 2, id: good.voteB.vote.blockID).signature)
        let badSignature = DuplicateVoteEvidence(
            good.voteA, forged, validator: fx.validators.validators[1], totalVotingPower: 40, time: good.time)!
        #expect(check(pool, badSignature, state) == .badSignature)
        // Powers that are not the set's.
        let wrongPower = DuplicateVoteEvidence(
            good.voteA, good.voteB, validator: fx.validators.validators[1], totalVotingPower: 41, time: good.time)!
        #expect(check(pool, wrongPower, state) == .wrongPower)
        // A time that is not the time of the block before its height.
        let wrongTime = equivocation(1, time: ConsensusFixture.genesisTime.adding(.milliseconds(1)))
        #expect(check(pool, wrongTime, state) == .notConflicting("time is not the block time before its height"))
        // A height not decided or being decided yet.
        #expect(check(pool, equivocation(1, height: 4), state) == .fromFuture(height: Height(4)))
        #expect(check(pool, equivocation(1, height: 3), state) == nil)
        // A height whose validator set is no longer known.
        #expect(throws: EvidenceError.unknownHeight(Height(1))) {
            try pool.check(good, state: state, validators: { _ in nil }, blockTime: blockTime)
        }
        // A full pool.
        var full = EvidencePool(capacity: 1)
        try add(&full, equivocation(1), state)
        #expect(throws: EvidenceError.poolFull(capacity: 1)) { try add(&full, equivocation(2), state) }
    }

    @Test("evidence expires only when older than the maximum age in blocks and in time")
    func expiryNeedsBothAges() throws {
        let pool = EvidencePool()
        let evidence = equivocation(1)  // height 1, time of block 0
        // 4 blocks old (> 3), but 5 s old (< 10 s): not expired.
        #expect(check(pool, evidence, try state(after: 5)) == nil)
        // 2 blocks old, but 60 s old: not expired.
        #expect(check(pool, evidence, try state(after: 3, spacing: .seconds(20))) == nil)
        // 4 blocks old and 100 s old: expired.
        #expect(check(pool, evidence, try state(after: 5, spacing: .seconds(20))) == .expired(height: Height(1)))
        // At the edges: exactly 3 blocks and exactly 10 s is not older than the maximum.
        #expect(check(pool, evidence, try state(after: 4, spacing: .milliseconds(2_500))) == nil)
    }

    @Test("pending evidence is dropped when it expires")
    func pendingExpires() throws {
        var pool = EvidencePool()
        let evidence = equivocation(1)
        try add(&pool, evidence, fx.genesis)
        let old = try state(after: 5, spacing: .seconds(20))
        pool.update(committedIn: ConsensusFixture.emptyBlock(old), state: old)
        #expect(pool.pendingCount == 0)
    }

    @Test("a proposal takes the oldest evidence first, within its byte cap")
    func forProposalByteCap() throws {
        var pool = EvidencePool()
        let state = try state(after: 2)
        let newer = equivocation(1, height: 2)
        let older = equivocation(2, height: 1)
        let alsoOlder = equivocation(3, height: 1)
        for item in [newer, older, alsoOlder] { try add(&pool, item, state) }
        let olderPair = [older, alsoOlder].sorted { $0.hash < $1.hash }
        let sizes = (olderPair + [newer]).map(\.canonicalBytes.count)
        #expect(pool.forProposal(maxBytes: .max) == olderPair + [newer])
        #expect(pool.forProposal(maxBytes: sizes.reduce(0, +)) == olderPair + [newer])
        #expect(pool.forProposal(maxBytes: sizes.reduce(0, +) - 1) == olderPair)
        #expect(pool.forProposal(maxBytes: sizes[0]) == [olderPair[0]])
        #expect(pool.forProposal(maxBytes: sizes[0] - 1).isEmpty)
        #expect(pool.forProposal(maxBytes: 0).isEmpty)
    }

    @Test("committed evidence is never added again, even after its height falls out of the block window")
    func committedNeverReadded() throws {
        var pool = EvidencePool()
        let evidence = equivocation(1)
        try add(&pool, evidence, fx.genesis)
        // Block 1 commits it.
        let block = fx.genesis.makeBlock(
            transactions: [], evidence: [evidence], lastCommit: nil, now: blockTime(Height(1))!,
            proposer: fx.validators.proposer.address)
        var state = try fx.genesis.applying(block, results: ConsensusFixture.results(block))
        pool.update(committedIn: block, state: state)
        #expect(pool.isCommitted(evidence))
        #expect(!pool.isPending(evidence))
        #expect(pool.forProposal(maxBytes: .max).isEmpty)
        #expect(check(pool, evidence, state) == .alreadyCommitted)
        // Fast blocks: 6 blocks later it is older than 3 blocks but younger than 10 s; still refused.
        for _ in 0..<6 {
            state = try ConsensusFixture.advance(state, blocks: 1, spacing: .seconds(1))
            pool.update(committedIn: ConsensusFixture.emptyBlock(state), state: state)
        }
        #expect(throws: EvidenceError.alreadyCommitted) { try add(&pool, evidence, state) }
        // Once it has expired by both measures, it is refused as expired.
        state = try ConsensusFixture.advance(state, blocks: 1, spacing: .seconds(30))
        pool.update(committedIn: ConsensusFixture.emptyBlock(state), state: state)
        #expect(check(pool, evidence, state) == .expired(height: Height(1)))
        #expect(!pool.isCommitted(evidence))
    }
}
