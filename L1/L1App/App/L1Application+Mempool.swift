import Common

extension L1Application {
    /// Runs the admission checks (docs/l1-transactions.md, "Checks") against the check state and, if they
    /// pass, takes the fee and advances the nonce there, so the sender's next nonce is accepted next.
    ///
    /// Messages are not executed (as in Cosmos): a transfer the sender cannot cover is accepted here, then fails
    /// in its block and still pays its fee. `.recheck` runs the same checks; after a commit the check state
    /// starts again from the committed state, so rechecking the mempool in order drops what the block included.
    public func checkTx(_ tx: [UInt8], kind: CheckTxKind) throws(ApplicationError) -> CheckTxResponse {
        let chain = try requireChain()
        let admission: Admission
        do {
            admission = Admission(chainID: chain.chainID, params: try Bank.params(in: &checkState))
        } catch {
            throw BlockExecution.applicationError(error)
        }
        let signed: SignedTransaction
        do {
            signed = try admission.decode(tx)
        } catch {
            return try Self.response(to: error, priority: 0, sender: nil, nonce: nil)
        }
        let body = signed.transaction
        let priority = body.fee.value
        do {
            try admission.check(signed)
            _ = try admission.charge(signed, in: &checkState)
        } catch {
            return try Self.response(to: error, priority: priority, sender: body.sender, nonce: body.nonce)
        }
        return CheckTxResponse(code: .ok, log: "", priority: priority, sender: body.sender, nonce: body.nonce)
    }

    /// The response for a rejection; an application error is rethrown.
    private static func response(to error: ExecutionError, priority: UInt128, sender: Address?, nonce: UInt64?)
        throws(ApplicationError) -> CheckTxResponse
    {
        guard case .rejected(let code, let log) = error else { throw BlockExecution.applicationError(error) }
        return CheckTxResponse(code: code, log: log, priority: priority, sender: sender, nonce: nonce)
    }
}
