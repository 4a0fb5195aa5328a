import Common
import L1App
import L1Consensus

extension ApplicationExecutor: ConsensusStore {
    /// Stores the block executed last with its commit, the state after it and the application's results (one
    /// transaction), then commits the application and updates the mempool: the committed transactions leave and
    /// the others are rechecked against the new state.
    public func save(_ block: Block, commit: Commit, state: ChainState) throws {
        guard let finalized, finalized.blockID == block.id else {
            throw ApplicationExecutorError.saveWithoutExecution(block.height)
        }
        do {
            try store.save(block, commit: commit, state: state, results: finalized.response)
        } catch {
            throw ApplicationExecutorError.store(error)
        }
        // Stored: from here a crash is repaired by the handshake's replay, so the block counts as done.
        self.finalized = nil
        do {
            _ = try application.commit()
        } catch {
            throw ApplicationExecutorError.application(error)
        }
        do {
            try mempool.update(committed: block.transactions, height: block.height.rawValue)
        } catch {
            throw ApplicationExecutorError.mempool(error)
        }
    }

    public func updateCommit(_ commit: Commit) throws { try store.updateCommit(commit) }

    public func block(at height: Height) -> Block? { store.block(at: height) }

    public func commit(at height: Height) -> Commit? { store.commit(at: height) }

    public func validators(at height: Height) -> ValidatorSet? { store.validators(at: height) }

    public func blockTime(at height: Height) -> L1Consensus.Timestamp? { store.blockTime(at: height) }

    public func pendingEvidence() -> [DuplicateVoteEvidence] { store.pendingEvidence() }

    public func savePendingEvidence(_ evidence: [DuplicateVoteEvidence]) throws {
        try store.savePendingEvidence(evidence)
    }
}
