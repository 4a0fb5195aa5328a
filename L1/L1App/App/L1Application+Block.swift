import Common

extension L1Application {
    /// Picks the block's transactions from the mempool's, in order: each candidate is executed on scratch
    /// state as the block would execute it; a candidate failing admission is dropped, and one that would take
    /// the block past `maxTxBytes` is skipped (a smaller one after it may still fit). Transactions whose
    /// messages fail are kept: they pay their fee.
    public func prepareProposal(_ request: PrepareProposalRequest) throws(ApplicationError) -> [[UInt8]] {
        try requireNext(request.height)
        let chain = try requireChain()
        var state = StateOverlay(tree: tree)
        let execution = try BlockExecution(chainID: chain.chainID, state: &state)
        var remaining = max(request.maxTxBytes, 0)
        var chosen: [[UInt8]] = []
        for tx in request.txs where tx.count <= remaining {
            if try execution.execute(tx, on: &state).admitted {
                chosen.append(tx)
                remaining -= tx.count
            }
        }
        return chosen
    }

    /// Accepts the proposal if every transaction, executed in order on scratch state, passes admission.
    public func processProposal(_ request: ProcessProposalRequest) throws(ApplicationError)
        -> ProcessProposalResponse
    {
        try requireNext(request.height)
        let chain = try requireChain()
        var state = StateOverlay(tree: tree)
        let execution = try BlockExecution(chainID: chain.chainID, state: &state)
        for (index, tx) in request.txs.enumerated() {
            let outcome = try execution.execute(tx, on: &state)
            if !outcome.admitted {
                return .reject(
                    reason: "transaction \(index) (\(SignedTransaction.hash(of: tx))) cannot be in a block: "
                        + "\(outcome.result.code): \(outcome.result.log)")
            }
        }
        return .accept
    }

    /// Records the block's misbehavior, executes its transactions in order, and returns their results with the
    /// new app hash. The state is kept in memory until ``commit()``.
    ///
    /// A transaction that fails admission (which ``processProposal(_:)`` keeps out of valid blocks) gets its
    /// failure code and changes nothing.
    public func finalizeBlock(_ request: FinalizeBlockRequest) throws(ApplicationError) -> FinalizeBlockResponse {
        if let pending { throw .blockNotCommitted(height: pending.height) }
        try requireNext(request.height)
        let chain = try requireChain()
        var state = StateOverlay(tree: tree)
        var events: [Event] = []
        for misbehavior in request.misbehavior {
            do {
                if let event = try MisbehaviorRecord.record(misbehavior, at: request.height, in: &state) {
                    events.append(event)
                }
            } catch {
                throw BlockExecution.applicationError(error)
            }
        }
        let execution = try BlockExecution(chainID: chain.chainID, state: &state)
        var results: [TxResult] = []
        results.reserveCapacity(request.txs.count)
        for tx in request.txs {
            results.append(try execution.execute(tx, on: &state).result)
        }
        let appHash: Hash
        do {
            appHash = try state.root()
        } catch {
            throw .storage(error)
        }
        pending = PendingBlock(height: request.height, state: state, appHash: appHash)
        return FinalizeBlockResponse(txResults: results, events: events, validatorUpdates: [], appHash: appHash)
    }
}
