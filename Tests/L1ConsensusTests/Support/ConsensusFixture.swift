import Common
import L1Consensus

/// A small validator set with deterministic Ed25519 keys, and helpers to build blocks, sign votes and proposals,
/// and drive a ``ConsensusEngine`` by hand. Keys come from fixed seeds (`[i, 0xC0, 0xC0, ...]`), so every run signs
/// the same bytes.
struct ConsensusFixture {
    static let chainID = "strata-test-1"
    static let genesisTime = Timestamp(milliseconds: 1_700_000_000_000)

    /// Private keys in validator-set order: `keys[i]` signs as validator index `i`.
    let keys: [Ed25519PrivateKey]
    /// The genesis validator set (priorities advanced once, as at genesis).
    let validators: ValidatorSet
    /// The chain state at genesis.
    let genesis: ChainState

    /// The deterministic key number `number`.
    static func key(_ number: Int) -> Ed25519PrivateKey {
        var seed = [UInt8](repeating: 0xC0, count: 32)
        seed[0] = UInt8(number)
        // A 32-byte seed is always a valid Ed25519 seed.
        return try! Ed25519PrivateKey(seed: seed)
    }

    /// `powers.count` validators with these powers (keys 0, 1, 2...), reordered into the set's canonical order.
    init(powers: [Int64] = [10, 10, 10, 10], params: ConsensusParams = ConsensusParams()) {
        let keys = powers.indices.map { Self.key($0) }
        let set = try! ValidatorSet.genesis(zip(keys, powers).map { ($0.publicKey, $1) })
        self.keys = set.validators.map { validator in keys.first { $0.publicKey == validator.publicKey }! }
        validators = set
        genesis = ChainState(
            chainID: Self.chainID, genesisTime: Self.genesisTime, validators: set,
            appHash: Hash.blake2b(Array("genesis".utf8)), params: params)
    }

    /// A block for height 1, told apart from others by its one transaction `[tag]`.
    func block(_ tag: UInt8) -> Block {
        genesis.makeBlock(
            transactions: [[tag]], evidence: [], lastCommit: nil, now: Self.genesisTime,
            proposer: validators.validators[0].address)
    }

    /// A vote signed by validator `index`.
    func vote(
        _ type: VoteType, _ index: Int, round: UInt32 = 0, _ block: Block?, height: Height = Height(1)
    ) -> SignedVote {
        vote(type, index, round: round, id: block?.id, height: height)
    }

    /// A vote for block id `id` (nil: a nil vote) signed by validator `index`.
    func vote(_ type: VoteType, _ index: Int, round: UInt32 = 0, id: BlockID?, height: Height = Height(1)) -> SignedVote
    {
        let vote = Vote(type: type, height: height, round: Round(round), blockID: id)
        return SignedVote(
            vote: vote, validatorIndex: UInt32(index),
            signature: keys[index].sign(message: vote.signBytes(chainID: Self.chainID)))
    }

    /// The proposal of `round` for `block`, signed by that round's proposer.
    func proposal(round: UInt32, polRound: UInt32? = nil, _ block: Block) -> SignedProposal {
        let proposal = Proposal(
            height: block.height, round: Round(round), polRound: polRound.map { Round($0) }, blockID: block.id)
        let signer = keys[validators.proposer(forRound: Round(round))]
        return SignedProposal(
            proposal: proposal, signature: signer.sign(message: proposal.signBytes(chainID: Self.chainID)))
    }

    /// The index of the proposer of `round` at height 1.
    func proposer(_ round: UInt32) -> Int { validators.proposer(forRound: Round(round)) }

    /// The first validator index that does not propose any of `rounds`.
    func nonProposer(of rounds: [UInt32] = [0]) -> Int {
        validators.validators.indices.first { index in !rounds.contains { proposer($0) == index } }!
    }

    /// An engine of validator `own` (nil: a follower) that has started height 1, with what the start returned.
    func engine(own: Int?, timeouts: TimeoutConfig = TimeoutConfig()) -> (ConsensusEngine, [ConsensusOutput]) {
        var engine = ConsensusEngine(
            chainID: Self.chainID, timeouts: timeouts, ownKey: own.map { keys[$0].publicKey })
        let outputs = engine.step(.startHeight(genesis.heightStart))
        return (engine, outputs)
    }
}

extension ConsensusEngine {
    /// Feeds `inputs` in order and returns everything they produced.
    mutating func feed(_ inputs: ConsensusInput...) -> [ConsensusOutput] {
        inputs.flatMap { step($0) }
    }

    /// Feeds votes in order and returns everything they produced.
    mutating func feed(votes: [SignedVote]) -> [ConsensusOutput] {
        votes.flatMap { step(.vote($0)) }
    }
}

extension Array where Element == ConsensusOutput {
    /// The votes the engine asked to sign, in order.
    var votesToSign: [Vote] {
        compactMap { if case .signVote(let vote) = $0 { vote } else { nil } }
    }

    /// The proposals the engine asked to sign, in order.
    var proposalsToSign: [Proposal] {
        compactMap { if case .signProposal(let proposal, _) = $0 { proposal } else { nil } }
    }

    /// The timeouts the engine scheduled, in order, with their durations.
    var scheduled: [(timeout: Timeout, after: Duration)] {
        compactMap { if case .scheduleTimeout(let timeout, let duration) = $0 { (timeout, duration) } else { nil } }
    }

    /// The timeouts of `step` the engine scheduled.
    func scheduled(_ step: TimeoutStep) -> [Timeout] {
        scheduled.map(\.timeout).filter { $0.step == step }
    }

    /// The decisions, with their commits.
    var decisions: [(block: Block, commit: Commit)] {
        compactMap { if case .decided(let block, let commit) = $0 { (block, commit) } else { nil } }
    }

    /// The evidence produced.
    var evidence: [DuplicateVoteEvidence] {
        compactMap { if case .evidence(let item) = $0 { item } else { nil } }
    }

    /// The rounds entered.
    var roundsEntered: [Round] {
        compactMap { if case .enteredRound(_, let round) = $0 { round } else { nil } }
    }
}

extension ConsensusFixture {
    /// The validator indices other than `index`, ascending.
    func others(than index: Int) -> [Int] { validators.validators.indices.filter { $0 != index } }

    /// A timeout of height 1.
    static func timeout(_ step: TimeoutStep, round: UInt32) -> ConsensusInput {
        .timeout(Timeout(height: Height(1), round: Round(round), step: step))
    }
}

extension ConsensusFixture {
    /// A commit of `block` (of `height`) in `round`: `.commit` from `signers`, `.nilVote` from `nilVoters`, the rest
    /// absent.
    func commit(_ block: Block, round: UInt32 = 0, signers: [Int], nilVoters: [Int] = []) -> Commit {
        let entries: [CommitSignature] = validators.validators.indices.map { index in
            if signers.contains(index) {
                return .commit(vote(.precommit, index, round: round, block, height: block.height).signature)
            }
            if nilVoters.contains(index) {
                return .nilVote(vote(.precommit, index, round: round, id: nil, height: block.height).signature)
            }
            return .absent
        }
        return Commit(height: block.height, round: Round(round), blockID: block.id, signatures: entries)
    }

    /// Results that change nothing but the app hash (`H(height)`).
    static func results(_ block: Block, updates: [ValidatorUpdate] = []) -> BlockResults {
        BlockResults(
            appHash: Hash.blake2b([UInt8(truncatingIfNeeded: block.height.rawValue)]),
            resultsHash: MerkleList.root([]), validatorUpdates: updates)
    }

    /// Decides block 1 (one transaction, committed by every validator) on top of genesis: the state after it, the
    /// block and its commit.
    func afterFirstBlock(updates: [ValidatorUpdate] = []) throws -> (state: ChainState, block: Block, commit: Commit) {
        let block = genesis.makeBlock(
            transactions: [[1]], evidence: [], lastCommit: nil, now: Self.genesisTime.adding(.seconds(1)),
            proposer: validators.proposer.address)
        let commit = commit(block, signers: Array(validators.validators.indices))
        return (try genesis.applying(block, results: Self.results(block, updates: updates)), block, commit)
    }

    /// The state after `count` empty blocks on top of `state`, `spacing` apart, and the last of them.
    static func advance(_ state: ChainState, blocks count: Int, spacing: Duration) throws -> ChainState {
        var state = state
        for _ in 0..<count {
            let block = state.makeBlock(
                transactions: [], evidence: [], lastCommit: nil, now: state.lastBlockTime.adding(spacing),
                proposer: state.validators.proposer.address)
            state = try state.applying(block, results: results(block))
        }
        return state
    }
}

extension ConsensusFixture {
    /// An empty block on top of `state` (for ``EvidencePool/update(committedIn:state:)``, which reads its evidence).
    static func emptyBlock(_ state: ChainState) -> Block {
        state.makeBlock(
            transactions: [], evidence: [], lastCommit: nil, now: state.lastBlockTime,
            proposer: state.validators.proposer.address)
    }
}
