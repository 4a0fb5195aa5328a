import Common

/// What every validator agrees on between heights: the last decided block, the validator sets of the last, the
/// next and the one after, and the application's commitments. A pure value: ``applying(_:results:)`` is the
/// only way forward, the same on every node.
public struct ChainState: Hashable, Sendable {
    /// The chain id.
    public let chainID: String
    /// Consensus limits.
    public let params: ConsensusParams
    /// The genesis time (the "previous block time" of height 1).
    public let genesisTime: Timestamp
    /// The last decided height (0 before the first block).
    public internal(set) var lastBlockHeight: Height
    /// The last decided block, nil before the first.
    public internal(set) var lastBlockID: BlockID?
    /// The time of the last block (the genesis time before the first).
    public internal(set) var lastBlockTime: Timestamp
    /// The set that decided the last block (verifies the next block's last commit).
    public internal(set) var lastValidators: ValidatorSet?
    /// The set that decides height `lastBlockHeight + 1`.
    public internal(set) var validators: ValidatorSet
    /// The set that decides height `lastBlockHeight + 2`.
    public internal(set) var nextValidators: ValidatorSet
    /// The application's state root after the last block.
    public internal(set) var appHash: Hash
    /// The results root of the last block.
    public internal(set) var lastResultsHash: Hash

    /// The state at genesis: `validators` (given zero priorities, advanced once as in CometBFT) decide height 1
    /// and, unless the application changes them, height 2.
    public init(
        chainID: String, genesisTime: Timestamp, validators: ValidatorSet, appHash: Hash,
        params: ConsensusParams = ConsensusParams()
    ) {
        self.chainID = chainID
        self.params = params
        self.genesisTime = genesisTime
        lastBlockHeight = Height(0)
        lastBlockID = nil
        lastBlockTime = genesisTime
        lastValidators = nil
        self.validators = validators
        nextValidators = validators.incrementingProposerPriority(times: 1)
        self.appHash = appHash
        lastResultsHash = MerkleList.root([])
    }

    /// The height to decide next.
    public var nextHeight: Height { lastBlockHeight.next }

    /// What the engine needs to start the next height.
    public var heightStart: HeightStart {
        HeightStart(height: nextHeight, validators: validators, previousBlockTime: lastBlockTime)
    }

    /// A block for the next height from the application's transactions, the pooled evidence and the commit of
    /// the last block; the time is `now`, moved past the last block time if the clock is behind it.
    public func makeBlock(
        transactions: [[UInt8]], evidence: [DuplicateVoteEvidence], lastCommit: Commit?, now: Timestamp,
        proposer: Address
    ) -> Block {
        let minimum = lastBlockHeight == Height(0) ? genesisTime : lastBlockTime.adding(.milliseconds(1))
        let header = Header(
            chainID: chainID, height: nextHeight, time: max(now, minimum), lastBlockID: lastBlockID,
            lastCommitHash: lastCommit?.hash ?? .zero, dataHash: Block.dataHash(transactions),
            validatorsHash: validators.hash, nextValidatorsHash: nextValidators.hash, appHash: appHash,
            lastResultsHash: lastResultsHash, evidenceHash: Block.evidenceHash(evidence),
            proposerAddress: proposer)
        return Block(header: header, transactions: transactions, evidence: evidence, lastCommit: lastCommit)
    }

    /// Checks everything about `block` that every correct validator judges the same way: header fields against
    /// this state, the last commit's signatures and power, size caps, and (through `evidenceCheck`) each
    /// evidence item. The application's own verdict (processProposal) is separate.
    public func validate(
        _ block: Block, evidenceCheck: (DuplicateVoteEvidence) throws(EvidenceError) -> Void
    ) throws(BlockValidationError) {
        let header = block.header
        func mismatch(_ field: String, _ reason: String) -> BlockValidationError {
            .headerMismatch(field: field, reason: reason)
        }
        guard header.chainID == chainID else { throw mismatch("chain id", "expected \(chainID)") }
        guard header.height == nextHeight else { throw mismatch("height", "expected \(nextHeight)") }
        if lastBlockHeight == Height(0) {
            guard header.time >= genesisTime else {
                throw .timeNotMonotonic(previous: genesisTime, proposed: header.time)
            }
        } else {
            guard header.time > lastBlockTime else {
                throw .timeNotMonotonic(previous: lastBlockTime, proposed: header.time)
            }
        }
        guard header.lastBlockID == lastBlockID else { throw mismatch("last block id", "not the last block") }
        guard header.validatorsHash == validators.hash else { throw mismatch("validators hash", "not this set") }
        guard header.nextValidatorsHash == nextValidators.hash else {
            throw mismatch("next validators hash", "not the next set")
        }
        guard header.appHash == appHash else { throw mismatch("app hash", "expected \(appHash)") }
        guard header.lastResultsHash == lastResultsHash else { throw mismatch("last results hash", "mismatch") }
        guard header.dataHash == Block.dataHash(block.transactions) else {
            throw mismatch("data hash", "does not match the transactions")
        }
        guard header.evidenceHash == Block.evidenceHash(block.evidence) else {
            throw mismatch("evidence hash", "does not match the evidence")
        }
        guard validators.index(of: header.proposerAddress) != nil else {
            throw .unknownProposer(header.proposerAddress.hex)
        }
        try validateLastCommit(block)
        let size = block.byteCount
        guard size <= params.maxBlockBytes else { throw .tooLarge(bytes: size, cap: params.maxBlockBytes) }
        guard block.evidence.count <= Block.Limits.maxEvidence else {
            throw .invalidEvidence("\(block.evidence.count) items exceed the cap of \(Block.Limits.maxEvidence)")
        }
        var seen = Set<EvidenceOffence>()
        var evidenceBytes = 0
        for item in block.evidence {
            guard seen.insert(item.offence).inserted else {
                throw .invalidEvidence("the same equivocation appears twice in the block")
            }
            evidenceBytes += item.canonicalBytes.count
            do { try evidenceCheck(item) } catch { throw .invalidEvidence(error.description) }
        }
        guard evidenceBytes <= params.maxEvidenceBytes else {
            throw .tooMuchEvidence(bytes: evidenceBytes, cap: params.maxEvidenceBytes)
        }
    }

    private func validateLastCommit(_ block: Block) throws(BlockValidationError) {
        guard let lastBlockID, let lastValidators else {
            guard block.lastCommit == nil, block.header.lastCommitHash == .zero else {
                throw .invalidLastCommit("the first block carries no last commit")
            }
            return
        }
        guard let commit = block.lastCommit else { throw .invalidLastCommit("missing") }
        guard commit.height == lastBlockHeight, commit.blockID == lastBlockID else {
            throw .invalidLastCommit("it is not for block \(lastBlockID) at height \(lastBlockHeight)")
        }
        guard block.header.lastCommitHash == commit.hash else { throw .invalidLastCommit("hash mismatch") }
        do { try commit.verify(chainID: chainID, validators: lastValidators) } catch {
            throw .invalidLastCommit(error.description)
        }
    }

    /// Whether a fresh proposal's time is close to the local clock `now` (proposer-based timestamps: not more
    /// than `timelyPrecision` ahead, not more than precision + message delay behind).
    public func isTimely(_ block: Block, receivedAt now: Timestamp) -> Bool {
        let time = block.header.time
        return time <= now.adding(params.timelyPrecision)
            && time >= now.subtracting(params.timelyPrecision + params.timelyMessageDelay)
    }

    /// The state after `block` (already validated and decided) with the application's `results`. Validator
    /// updates apply to the set two heights ahead (H+2), as in CometBFT.
    public func applying(_ block: Block, results: BlockResults) throws(ValidatorSetError) -> ChainState {
        var next = self
        let updated = try nextValidators.applying(results.validatorUpdates)
        next.lastBlockHeight = block.height
        next.lastBlockID = block.id
        next.lastBlockTime = block.header.time
        next.lastValidators = validators
        next.validators = nextValidators
        next.nextValidators = updated.incrementingProposerPriority(times: 1)
        next.appHash = results.appHash
        next.lastResultsHash = results.resultsHash
        return next
    }
}
