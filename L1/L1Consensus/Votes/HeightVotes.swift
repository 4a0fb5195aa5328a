/// All prevotes and precommits of one height, by round, with the memory bound CometBFT uses: votes are kept for
/// every round up to the current round + 1, and each validator may open at most ``maxCatchupRounds`` rounds
/// beyond that (enough to learn that others moved ahead, not enough to make us store unbounded rounds).
struct HeightVotes: Sendable {
    /// The rounds beyond current + 1 that one validator may introduce.
    static let maxCatchupRounds = 2

    /// Voting power by validator index.
    let powers: [Int64]
    private(set) var prevotes: [Round: VoteTally] = [:]
    private(set) var precommits: [Round: VoteTally] = [:]
    private var catchupRounds: [Int: Set<Round>] = [:]
    var currentRound: Round = .zero

    init(validators: ValidatorSet) {
        powers = validators.validators.map(\.votingPower)
    }

    /// Votes for no validator set (before the first height starts).
    static let empty = HeightVotes(powers: [])

    private init(powers: [Int64]) {
        self.powers = powers
    }

    /// Adds a vote whose signature was already checked. Returns the tally's verdict, or why it was refused.
    mutating func add(_ vote: SignedVote) -> Result<VoteTally.Addition, HeightVotesRefusal> {
        let index = Int(vote.validatorIndex)
        guard powers.indices.contains(index) else { return .failure(.unknownValidator) }
        let power = powers[index]
        let round = vote.vote.round
        if round > currentRound.next {
            var rounds = catchupRounds[index, default: []]
            if !rounds.contains(round) {
                guard rounds.count < Self.maxCatchupRounds else { return .failure(.tooManyCatchupRounds) }
                rounds.insert(round)
                catchupRounds[index] = rounds
            }
        }
        let count = powers.count
        switch vote.vote.type {
        case .prevote:
            return .success(prevotes[round, default: VoteTally(validatorCount: count)].add(vote, power: power))
        case .precommit:
            return .success(precommits[round, default: VoteTally(validatorCount: count)].add(vote, power: power))
        }
    }

    /// Whether ``add(_:)`` would take the vote (known signer, round within its catch-up quota).
    func wouldAccept(_ vote: SignedVote) -> Bool {
        let index = Int(vote.validatorIndex)
        guard powers.indices.contains(index) else { return false }
        let round = vote.vote.round
        guard round > currentRound.next else { return true }
        let rounds = catchupRounds[index, default: []]
        return rounds.contains(round) || rounds.count < Self.maxCatchupRounds
    }

    func tally(_ type: VoteType, _ round: Round) -> VoteTally? {
        type == .prevote ? prevotes[round] : precommits[round]
    }

    /// The power of the distinct validators that sent any vote in `round`.
    func powerSeen(in round: Round) -> Int64 {
        let pre = prevotes[round]
        let com = precommits[round]
        var power: Int64 = 0
        for index in powers.indices where pre?.hasVote(from: index) == true || com?.hasVote(from: index) == true {
            power += powers[index]
        }
        return power
    }

    /// The rounds with any vote, ascending.
    var roundsWithVotes: [Round] { Set(prevotes.keys).union(precommits.keys).sorted() }
}

/// Why a vote was not counted (the vote is dropped; the sender is not punished for it).
enum HeightVotesRefusal: Error, Equatable {
    /// The validator index is outside the height's set.
    case unknownValidator
    /// The validator already opened its quota of far-future rounds.
    case tooManyCatchupRounds
}
