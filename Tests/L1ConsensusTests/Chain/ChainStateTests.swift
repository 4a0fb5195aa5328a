import Common
import L1Consensus
import Testing

@Suite("Chain state")
struct ChainStateTests {
    let fx = ConsensusFixture()

    private func error(_ state: ChainState, _ block: Block) -> BlockValidationError? {
        do {
            try state.validate(block) { _ throws(EvidenceError) in }
            return nil
        } catch {
            return error
        }
    }

    /// The field named by a header mismatch, or nil.
    private func mismatchedField(_ state: ChainState, _ block: Block) -> String? {
        if case .headerMismatch(let field, _) = error(state, block) { field } else { nil }
    }

    /// `block` with its header changed by `change`.
    private func with(_ block: Block, _ change: (inout Header) -> Void) -> Block {
        var header = block.header
        change(&header)
        return Block(
            header: header, transactions: block.transactions, evidence: block.evidence, lastCommit: block.lastCommit)
    }

    @Test("the genesis state decides height 1 with the genesis set; the next set is that set rotated once")
    func genesis() {
        let state = fx.genesis
        #expect(state.nextHeight == Height(1))
        #expect(state.lastBlockHeight == Height(0))
        #expect(state.lastBlockID == nil)
        #expect(state.lastValidators == nil)
        #expect(state.validators == fx.validators)
        #expect(state.nextValidators == fx.validators.incrementingProposerPriority(times: 1))
        #expect(state.lastResultsHash == MerkleList.root([]))
        #expect(
            state.heightStart
                == HeightStart(
                    height: Height(1), validators: fx.validators, previousBlockTime: ConsensusFixture.genesisTime))
    }

    @Test("a block made by the state is valid for it, at height 1 and after")
    func madeBlocksAreValid() throws {
        let first = fx.genesis.makeBlock(
            transactions: [[1], [2, 3]], evidence: [], lastCommit: nil, now: ConsensusFixture.genesisTime,
            proposer: fx.validators.proposer.address)
        #expect(error(fx.genesis, first) == nil)
        #expect(first.header.lastCommitHash == .zero)
        #expect(first.header.dataHash == MerkleList.root([[1], [2, 3]]))
        // A clock behind the genesis time is moved up to it.
        let early = fx.genesis.makeBlock(
            transactions: [], evidence: [], lastCommit: nil, now: .epoch, proposer: fx.validators.proposer.address)
        #expect(early.header.time == ConsensusFixture.genesisTime)
        let (state, block, commit) = try fx.afterFirstBlock()
        let second = state.makeBlock(
            transactions: [], evidence: [], lastCommit: commit, now: block.header.time,
            proposer: state.validators.proposer.address)
        // A clock that has not moved past the last block gives the next millisecond.
        #expect(second.header.time == block.header.time.adding(.milliseconds(1)))
        #expect(second.header.lastBlockID == block.id)
        #expect(second.header.lastCommitHash == commit.hash)
        #expect(error(state, second) == nil)
    }

    @Test("validation names each header field that does not match the state")
    func headerMismatches() throws {
        let (state, _, commit) = try fx.afterFirstBlock()
        let good = state.makeBlock(
            transactions: [[7]], evidence: [], lastCommit: commit, now: state.lastBlockTime.adding(.seconds(1)),
            proposer: state.validators.proposer.address)
        #expect(error(state, good) == nil)
        let other = Hash.blake2b([0xEE])
        let cases: [(String, (inout Header) -> Void)] = [
            ("chain id", { $0.chainID = "another-chain" }),
            ("height", { $0.height = Height(3) }),
            ("last block id", { $0.lastBlockID = BlockID(other) }),
            ("last block id", { $0.lastBlockID = nil }),
            ("validators hash", { $0.validatorsHash = other }),
            ("next validators hash", { $0.nextValidatorsHash = other }),
            ("app hash", { $0.appHash = other }),
            ("last results hash", { $0.lastResultsHash = other }),
            ("data hash", { $0.dataHash = other }),
            ("evidence hash", { $0.evidenceHash = other }),
        ]
        for (field, change) in cases {
            #expect(mismatchedField(state, with(good, change)) == field)
        }
        // Transactions that do not match the data hash.
        let swapped = Block(header: good.header, transactions: [[8]], evidence: [], lastCommit: commit)
        #expect(mismatchedField(state, swapped) == "data hash")
        // A proposer that is not a validator.
        let stranger = Validator.address(of: ConsensusFixture.key(99).publicKey)
        #expect(error(state, with(good) { $0.proposerAddress = stranger }) == .unknownProposer(stranger.hex))
    }

    @Test("the block time must move forward (at height 1: not before the genesis time)")
    func timeMonotonic() throws {
        let (state, block, commit) = try fx.afterFirstBlock()
        let good = state.makeBlock(
            transactions: [], evidence: [], lastCommit: commit, now: block.header.time.adding(.seconds(1)),
            proposer: state.validators.proposer.address)
        let same = with(good) { $0.time = block.header.time }
        #expect(error(state, same) == .timeNotMonotonic(previous: block.header.time, proposed: block.header.time))
        let earlier = with(good) { $0.time = block.header.time.subtracting(.seconds(1)) }
        #expect(error(state, earlier) == .timeNotMonotonic(previous: block.header.time, proposed: earlier.header.time))
        let first = fx.block(1)
        let beforeGenesis = with(first) { $0.time = ConsensusFixture.genesisTime.subtracting(.nanoseconds(1)) }
        #expect(
            error(fx.genesis, beforeGenesis)
                == .timeNotMonotonic(previous: ConsensusFixture.genesisTime, proposed: beforeGenesis.header.time))
        #expect(error(fx.genesis, with(first) { $0.time = ConsensusFixture.genesisTime }) == nil)
    }

    @Test("the last commit must be present, for the last block, hashed in the header, and prove it")
    func lastCommit() throws {
        let (state, block, commit) = try fx.afterFirstBlock()
        func make(_ lastCommit: Commit?) -> Block {
            state.makeBlock(
                transactions: [], evidence: [], lastCommit: lastCommit, now: block.header.time.adding(.seconds(1)),
                proposer: state.validators.proposer.address)
        }
        #expect(error(state, make(nil)) == .invalidLastCommit("missing"))
        let wrongBlock = Commit(
            height: commit.height, round: commit.round, blockID: BlockID(.zero), signatures: commit.signatures)
        #expect(error(state, make(wrongBlock)) == .invalidLastCommit("it is not for block \(block.id) at height 1"))
        let unhashed = with(make(commit)) { $0.lastCommitHash = .zero }
        #expect(error(state, unhashed) == .invalidLastCommit("hash mismatch"))
        let weak = fx.commit(block, signers: [0, 1])
        let refused = CommitError.insufficientPower(committed: 20, total: 40)
        #expect(error(state, make(weak)) == .invalidLastCommit(refused.description))
        // Height 1 carries no last commit.
        let first = fx.genesis.makeBlock(
            transactions: [], evidence: [], lastCommit: commit, now: ConsensusFixture.genesisTime,
            proposer: fx.validators.proposer.address)
        #expect(error(fx.genesis, first) == .invalidLastCommit("the first block carries no last commit"))
    }

    @Test("blocks and evidence above their caps are refused")
    func caps() {
        var params = ConsensusParams()
        params.maxBlockBytes = 300
        let small = ConsensusFixture(params: params)
        let block = small.genesis.makeBlock(
            transactions: [[UInt8](repeating: 7, count: 200)], evidence: [], lastCommit: nil,
            now: ConsensusFixture.genesisTime, proposer: small.validators.proposer.address)
        #expect(error(small.genesis, block) == .tooLarge(bytes: block.byteCount, cap: 300))
    }

    @Test("a fresh proposal is timely within the precision ahead and precision + message delay behind")
    func timeliness() {
        let state = fx.genesis
        let now = ConsensusFixture.genesisTime.adding(.seconds(60))
        func timely(_ time: Timestamp) -> Bool { state.isTimely(with(fx.block(1)) { $0.time = time }, receivedAt: now) }
        // Defaults: precision 1 s, message delay 3 s.
        #expect(timely(now))
        #expect(timely(now.adding(.seconds(1))))
        #expect(!timely(now.adding(.seconds(1)).adding(.nanoseconds(1))))
        #expect(timely(now.subtracting(.seconds(4))))
        #expect(!timely(now.subtracting(.seconds(4)).subtracting(.nanoseconds(1))))
    }

    @Test("validator updates of block H take effect at H+2: the set of H+1 is unchanged")
    func validatorUpdatesAtHPlus2() throws {
        let newcomer = ConsensusFixture.key(77).publicKey
        let (state1, block1, commit1) = try fx.afterFirstBlock(updates: [
            ValidatorUpdate(publicKey: newcomer, power: 10)
        ])
        #expect(state1.lastBlockHeight == Height(1))
        #expect(state1.lastBlockID == block1.id)
        #expect(state1.lastValidators == fx.genesis.validators)
        // Height 2 is decided by the set announced at genesis for it.
        #expect(state1.validators == fx.genesis.nextValidators)
        #expect(state1.validators.index(of: newcomer) == nil)
        // Height 3 has the newcomer.
        #expect(state1.nextValidators.index(of: newcomer) != nil)
        #expect(state1.nextValidators.totalVotingPower == 50)
        #expect(state1.appHash == ConsensusFixture.results(block1).appHash)

        let block2 = state1.makeBlock(
            transactions: [], evidence: [], lastCommit: commit1, now: block1.header.time.adding(.seconds(1)),
            proposer: state1.validators.proposer.address)
        #expect(block2.header.validatorsHash == fx.validators.hash)
        #expect(block2.header.nextValidatorsHash == state1.nextValidators.hash)
        #expect(block2.header.nextValidatorsHash != fx.validators.hash)
        let state2 = try state1.applying(block2, results: ConsensusFixture.results(block2))
        #expect(state2.validators.index(of: newcomer) != nil)
        #expect(state2.validators.hash == state1.nextValidators.hash)
        #expect(state2.lastValidators == state1.validators)
        // Each height's set is the previous one rotated once (no change in between).
        #expect(state2.nextValidators == state1.nextValidators.incrementingProposerPriority(times: 1))
    }

    @Test("an invalid validator update is refused and the state does not move")
    func invalidUpdateRefused() throws {
        let block = fx.block(1)
        let stranger = ConsensusFixture.key(78).publicKey
        let results = ConsensusFixture.results(block, updates: [ValidatorUpdate(publicKey: stranger, power: 0)])
        #expect(throws: ValidatorSetError.removingUnknown(address: Validator.address(of: stranger).hex)) {
            try fx.genesis.applying(block, results: results)
        }
    }
}
