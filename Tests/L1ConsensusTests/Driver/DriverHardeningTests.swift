import Common
import L1Consensus
import L1Storage
import Testing

/// What a hostile peer can send must cost the node little and change nothing it should not.
@Suite("Driver hardening")
struct DriverHardeningTests {
    let fixture = ConsensusFixture()

    /// A driver for validator `own` at height 1 over in-memory services, already started.
    func startedDriver(own: Int) throws -> ConsensusDriver<Int> {
        let disk = SimulatedDisk()
        let driver = ConsensusDriver<Int>(
            state: fixture.genesis, timeouts: TimeoutConfig(),
            signer: PrivValidatorSigner(
                privValidator: try PrivValidator(key: fixture.keys[own], store: disk.signStore)),
            journal: WALJournal(log: try WriteAheadLog.open(medium: disk.walMedium)),
            executor: SimulatedApplication(honestKeys: [], basePower: 10),
            store: SimulatedStore(disk: disk, genesis: fixture.genesis))
        _ = driver.start(now: ConsensusFixture.genesisTime)
        return driver
    }

    @Test("a proposal for a far round is dropped before any work: not verified, relayed or journaled")
    func farRoundProposal() throws {
        let driver = try startedDriver(own: fixture.nonProposer())
        let block = fixture.block(1)
        let proposal = Proposal(height: Height(1), round: Round(4_000_000_000), polRound: nil, blockID: block.id)
        let signed = SignedProposal(
            proposal: proposal,
            signature: fixture.keys[0].sign(message: proposal.signBytes(chainID: ConsensusFixture.chainID)))
        let clock = ContinuousClock()
        let started = clock.now
        let effects = driver.receive(.proposal(signed, block), from: 1, now: ConsensusFixture.genesisTime)
        // Computing the proposer of round 4e9 would take minutes; the round check comes first.
        #expect(clock.now - started < .seconds(10))
        #expect(effects.isEmpty)
        #expect(driver.engine.proposal(for: Round(4_000_000_000)) == nil)
    }

    @Test("a vote past its signer's catch-up quota is neither relayed nor counted")
    func voteOutsideWindow() throws {
        let driver = try startedDriver(own: 0)
        var relayed = 0
        for round in [UInt32(10), 20, 30] {
            let effects = driver.receive(
                .vote(fixture.vote(.prevote, 1, round: round, id: nil)), from: 1, now: ConsensusFixture.genesisTime)
            relayed += effects.filter { if case .broadcast = $0 { true } else { false } }.count
        }
        // Two far rounds per validator are allowed (catch-up), the third is dropped.
        #expect(relayed == 2)
    }

    @Test("one equivocation is one evidence item, however many twin votes prove it")
    func oneItemPerOffence() {
        var (engine, _) = fixture.engine(own: 0)
        let votes = [
            fixture.vote(.prevote, 2, id: nil), fixture.vote(.prevote, 2, fixture.block(1)),
            fixture.vote(.prevote, 2, fixture.block(2)),
        ]
        let items = engine.feed(votes: votes).evidence
        #expect(items.count == 2)
        #expect(Set(items.map(\.offence)).count == 1)
        var pool = EvidencePool()
        let state = fixture.genesis
        let added = items.map { item in
            (try? pool.add(
                item, state: state, validators: { _ in state.validators }, blockTime: { _ in state.genesisTime }))
                ?? false
        }
        #expect(added == [true, false])
        #expect(pool.pendingCount == 1)
    }

    @Test("a block carrying more than the evidence cap is invalid, and proposals never build one")
    func evidenceCountCap() {
        var (engine, _) = fixture.engine(own: 0)
        let item = engine.feed(votes: [fixture.vote(.prevote, 2, id: nil), fixture.vote(.prevote, 2, fixture.block(1))])
            .evidence[0]
        let crowded = Array(repeating: item, count: Block.Limits.maxEvidence + 1)
        let block = fixture.genesis.makeBlock(
            transactions: [], evidence: crowded, lastCommit: nil, now: ConsensusFixture.genesisTime,
            proposer: fixture.validators.validators[0].address)
        #expect(throws: BlockValidationError.self) {
            try fixture.genesis.validate(block) { _ throws(EvidenceError) in }
        }
        var pool = EvidencePool()
        let state = fixture.genesis
        _ = try? pool.add(
            item, state: state, validators: { _ in state.validators }, blockTime: { _ in state.genesisTime })
        #expect(pool.forProposal(maxBytes: .max, maxCount: 0).isEmpty)
    }
}
