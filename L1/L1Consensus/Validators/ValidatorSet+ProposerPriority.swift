import Common

// Weighted round-robin proposer selection, following CometBFT's `types/validator_set.go`: every step each
// validator's priority grows by its power and the one with the highest priority (ties: lower address) proposes
// and pays back the total power. Priorities are rescaled to stay within a window of 2x the total power and
// centred on zero.

extension ValidatorSet {
    /// The proposer: the validator chosen by the last rotation (CometBFT `GetProposer`). The chosen validator
    /// has already paid the total power back, so it is usually not the highest priority any more. A set that was
    /// never rotated (built from members and priorities) falls back to the highest priority, ties going to the
    /// lower address (CometBFT `findProposer`).
    public var proposer: Validator {
        validators[proposerIndex]
    }

    /// The index of ``proposer``.
    public var proposerIndex: Int {
        if let rotatedProposerIndex, validators.indices.contains(rotatedProposerIndex) { return rotatedProposerIndex }
        return highestPriorityIndex
    }

    /// The highest priority, ties going to the lower address (CometBFT `CompareProposerPriority`).
    private var highestPriorityIndex: Int {
        var best = 0
        for index in validators.indices.dropFirst() {
            let candidate = validators[index]
            let current = validators[best]
            if candidate.proposerPriority > current.proposerPriority
                || (candidate.proposerPriority == current.proposerPriority && candidate.address < current.address)
            {
                best = index
            }
        }
        return best
    }

    /// This set after `times` proposer rotations (CometBFT `IncrementProposerPriority`).
    public func incrementingProposerPriority(times: Int) -> ValidatorSet {
        precondition(times > 0, "the proposer priority is advanced at least once")
        var copy = self
        copy.rescalePriorities(diffMax: Self.priorityWindowSizeFactor * totalVotingPower)
        copy.shiftByAveragePriority()
        for _ in 0..<times { copy.incrementOnce() }
        return copy
    }

    /// The proposer of round `round` of the height this set belongs to: round 0 is ``proposer``, round `r` the
    /// validator chosen by the `r`-th rotation from this set. (CometBFT rotates the set of the previous round, which
    /// gives the same proposers unless a rescale falls between; computing from round 0 lets every validator agree
    /// whatever rounds it passed through.)
    public func proposer(forRound round: Round) -> Int {
        round == .zero ? proposerIndex : incrementingProposerPriority(times: Int(round.rawValue)).proposerIndex
    }

    private mutating func incrementOnce() {
        for index in validators.indices {
            validators[index].proposerPriority = Self.clippedAdd(
                validators[index].proposerPriority, validators[index].votingPower)
        }
        let chosen = highestPriorityIndex
        validators[chosen].proposerPriority = Self.clippedAdd(validators[chosen].proposerPriority, -totalVotingPower)
        rotatedProposerIndex = chosen
    }

    mutating func rescalePriorities(diffMax: Int64) {
        guard diffMax > 0, let maxPriority = validators.map(\.proposerPriority).max(),
            let minPriority = validators.map(\.proposerPriority).min()
        else { return }
        let diff = maxPriority.subtractingReportingOverflow(minPriority)
        let spread = diff.overflow ? Int64.max : diff.partialValue
        guard spread > diffMax else { return }
        let ratio = (spread + diffMax - 1) / diffMax
        for index in validators.indices {
            // Swift's division truncates toward zero, as Go's does.
            validators[index].proposerPriority /= ratio
        }
    }

    mutating func shiftByAveragePriority() {
        // The sum of up to 10,000 Int64 values fits in 128 bits; Euclidean division as Go's big.Int.Div.
        let sum = validators.reduce(Int128(0)) { $0 + Int128($1.proposerPriority) }
        let count = Int128(validators.count)
        var average = sum / count
        if sum % count < 0 { average -= 1 }
        let shift = Int64(clamping: average)
        for index in validators.indices {
            validators[index].proposerPriority = Self.clippedAdd(validators[index].proposerPriority, -shift)
        }
    }

    static func clippedAdd(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        guard overflow else { return sum }
        return rhs > 0 ? .max : .min
    }
}
