import Common

/// Verified equivocations waiting to be committed, and the ones already committed (so they are never committed
/// twice). Pure and bounded: the node persists it and gossips what it adds.
public struct EvidencePool: Sendable {
    /// The most pending items kept.
    public let capacity: Int
    private var pending: [EvidenceOffence: Pending] = [:]

    private struct Pending: Sendable {
        let evidence: DuplicateVoteEvidence
        let hash: Hash
        let size: Int
    }
    /// Committed evidence, kept until it expires (then ``check(_:state:validators:blockTime:)`` refuses it as
    /// expired, so it can never be committed twice).
    private var committed: [EvidenceOffence: Committed] = [:]

    private struct Committed: Sendable {
        let height: Height
        let time: Timestamp
    }

    /// An empty pool holding at most `capacity` pending items.
    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The number of pending items.
    public var pendingCount: Int { pending.count }

    /// Whether `evidence` was committed in a block.
    public func isCommitted(_ evidence: DuplicateVoteEvidence) -> Bool { committed[evidence.offence] != nil }

    /// Whether `evidence` is pending.
    public func isPending(_ evidence: DuplicateVoteEvidence) -> Bool { pending[evidence.offence] != nil }

    /// Checks `evidence` against the chain: its height is decided or being decided, it has not expired, it was
    /// not committed, its time is the time of the block before its height, and it verifies against that
    /// height's validator set. `validators(h)` and `blockTime(h)` look up history (`blockTime(0)` is genesis).
    public func check(
        _ evidence: DuplicateVoteEvidence, state: ChainState, validators: (Height) -> ValidatorSet?,
        blockTime: (Height) -> Timestamp?
    ) throws(EvidenceError) {
        let height = evidence.height
        guard height <= state.nextHeight, height > Height(0) else { throw .fromFuture(height: height) }
        // One offence (signer, height, round, vote type) is punished once, whichever twin votes prove it.
        guard committed[evidence.offence] == nil else { throw .alreadyCommitted }
        if isExpired(evidence, state: state) { throw .expired(height: height) }
        // Pending evidence was verified when it was added; the same bytes need no second signature check.
        if pending[evidence.offence]?.hash == evidence.hash { return }
        guard let set = validators(height), let time = blockTime(Height(height.rawValue - 1)) else {
            throw .unknownHeight(height)
        }
        guard evidence.time == time else { throw .notConflicting("time is not the block time before its height") }
        try evidence.verify(chainID: state.chainID, validators: set)
    }

    /// Adds checked evidence; returns false when it was already pending. Throws when the pool is full.
    @discardableResult
    public mutating func add(
        _ evidence: DuplicateVoteEvidence, state: ChainState, validators: (Height) -> ValidatorSet?,
        blockTime: (Height) -> Timestamp?
    ) throws(EvidenceError) -> Bool {
        guard pending[evidence.offence] == nil else { return false }
        try check(evidence, state: state, validators: validators, blockTime: blockTime)
        guard pending.count < capacity else { throw .poolFull(capacity: capacity) }
        let bytes = evidence.canonicalBytes
        pending[evidence.offence] = Pending(evidence: evidence, hash: Hash.blake2b(bytes), size: bytes.count)
        return true
    }

    /// Pending evidence for a proposal, oldest height first (then by hash), within `maxBytes` and at most
    /// `maxCount` items (a block carries at most ``Block/Limits/maxEvidence``).
    public func forProposal(maxBytes: Int, maxCount: Int = Block.Limits.maxEvidence) -> [DuplicateVoteEvidence] {
        var chosen = [DuplicateVoteEvidence]()
        var used = 0
        let ordered = pending.values.sorted {
            ($0.evidence.height, $0.hash) < ($1.evidence.height, $1.hash)
        }
        for item in ordered {
            guard used + item.size <= maxBytes, chosen.count < maxCount else { break }
            used += item.size
            chosen.append(item.evidence)
        }
        return chosen
    }

    /// Records the evidence of a committed block and drops what has expired under the new state.
    public mutating func update(committedIn block: Block, state: ChainState) {
        markCommitted(block.evidence)
        for (hash, item) in pending where isExpired(item.evidence, state: state) { pending[hash] = nil }
        // Forget committed evidence only once it has expired by both measures: before that, forgetting it would
        // let the same equivocation be committed (and punished) again.
        for (hash, item) in committed where Self.isExpired(height: item.height, time: item.time, state: state) {
            committed[hash] = nil
        }
    }

    /// Records `items` as committed (a new block's, or those of recent blocks reread after a restart).
    public mutating func markCommitted(_ items: [DuplicateVoteEvidence]) {
        for item in items {
            pending[item.offence] = nil
            committed[item.offence] = Committed(height: item.height, time: item.time)
        }
    }

    func isExpired(_ evidence: DuplicateVoteEvidence, state: ChainState) -> Bool {
        Self.isExpired(height: evidence.height, time: evidence.time, state: state)
    }

    /// Evidence expires when it is older than `evidenceMaxAgeBlocks` blocks **and** older than `evidenceMaxAge`.
    static func isExpired(height: Height, time: Timestamp, state: ChainState) -> Bool {
        let ageBlocks = state.lastBlockHeight.rawValue.subtractingReportingOverflow(height.rawValue)
        let oldByBlocks = !ageBlocks.overflow && ageBlocks.partialValue > state.params.evidenceMaxAgeBlocks
        let oldByTime = time.adding(state.params.evidenceMaxAge) < state.lastBlockTime
        return oldByBlocks && oldByTime
    }
}
