/// The votes of one type in one round, counted per block as the paper counts messages: a validator's vote for
/// a block counts toward that block even if the validator also (byzantinely) voted for another one. Each
/// validator counts once toward the "any" total. This is the "vote keeper" of one round: it only counts.
///
/// Counting an equivocator's votes for both blocks is safe: two quorums for different blocks would need more
/// than a third of the power to equivocate. It is needed for liveness: a polka that one validator saw (with
/// one of the twin votes) must be verifiable by the others, who may have seen the other twin first.
struct VoteTally: Sendable {
    /// The outcome of adding a vote.
    enum Addition: Equatable {
        /// A new vote, counted.
        case added
        /// The same vote again; nothing changed.
        case duplicate
        /// The validator already voted for another block in this round (`existing` is its first vote). The new
        /// vote is still counted toward its block, up to ``maxBlocksPerValidator``.
        case conflict(existing: SignedVote)
    }

    /// How many different blocks one validator's votes are counted for in one round (bounds memory under
    /// equivocation).
    static let maxBlocksPerValidator = 4

    private struct BlockVotes: Sendable {
        var power: Int64 = 0
        var votes: [Int: SignedVote] = [:]
    }

    /// Each validator's first vote, by index.
    private(set) var votes: [SignedVote?]
    private var byBlock: [BlockID?: BlockVotes] = [:]
    private var blocksVoted: [Int]
    /// The power of every validator that voted, whatever for, each counted once.
    private(set) var totalPower: Int64 = 0

    init(validatorCount: Int) {
        votes = Array(repeating: nil, count: validatorCount)
        blocksVoted = Array(repeating: 0, count: validatorCount)
    }

    /// Adds `vote` with its signer's `power`; the index was checked by the caller.
    mutating func add(_ vote: SignedVote, power: Int64) -> Addition {
        let index = Int(vote.validatorIndex)
        let blockID = vote.vote.blockID
        if byBlock[blockID]?.votes[index] != nil { return .duplicate }
        let first = votes[index]
        if first == nil || blocksVoted[index] < Self.maxBlocksPerValidator {
            byBlock[blockID, default: BlockVotes()].votes[index] = vote
            byBlock[blockID, default: BlockVotes()].power += power
            blocksVoted[index] += 1
        }
        guard let first else {
            votes[index] = vote
            totalPower += power
            return .added
        }
        return .conflict(existing: first)
    }

    /// The power behind `blockID` (nil: behind nil votes).
    func power(for blockID: BlockID?) -> Int64 { byBlock[blockID]?.power ?? 0 }

    /// The vote of validator `index` for `blockID` (nil: its nil vote), if counted.
    func vote(from index: Int, for blockID: BlockID?) -> SignedVote? { byBlock[blockID]?.votes[index] }

    /// The block (or nil, as `.some(nil)`) that has a quorum of `quorumPower`, if any. With less than a third
    /// of the power byzantine at most one can; ties are broken by block id so the answer never depends on
    /// dictionary order.
    func majority(quorumPower: Int64) -> BlockID?? {
        let winners = byBlock.filter { $0.value.power >= quorumPower }.keys
        guard !winners.isEmpty else { return .none }
        return .some(winners.min { DuplicateVoteEvidence.precedes($0, $1) } ?? nil)
    }

    /// Whether the validator at `index` voted.
    func hasVote(from index: Int) -> Bool { votes[index] != nil }
}
