import Common

extension Runtime {
    /// Runs the body of an admitted transaction on the stage: success, or the reason it failed (the caller
    /// then drops every staged write).
    func perform<S: StateStore>(
        _ transaction: Transaction, sender: Sender, context: BlockContext, transactionHash: Hash,
        state: inout StagedState<S>
    ) throws(StateError) -> Result<Void, FailureReason> {
        switch transaction.kind {
        case .transfer:
            guard let payload = try? TransferPayload(canonicalBytes: transaction.payload) else {
                return .failure(.malformedPayload)
            }
            return try transfer(payload, from: sender.address, state: &state)
        default:
            return .failure(.malformedPayload)
        }
    }

    /// Moves the amount from `sender` to the recipient.
    func transfer<S: StateStore>(
        _ payload: TransferPayload, from sender: Address, state: inout S
    ) throws(StateError) -> Result<Void, FailureReason> {
        guard !payload.amount.isZero else { return .failure(.zeroAmount) }
        guard var account = try state.record(Account.self, at: StateKeys.account(sender)),
            let remaining = account.balance.subtracting(payload.amount)
        else { return .failure(.insufficientFunds) }
        account.balance = remaining
        try state.setRecord(account, at: StateKeys.account(sender))
        guard try credit(payload.amount, to: payload.recipient, state: &state) != nil else {
            return .failure(.amountOverflow)
        }
        return .success(())
    }
}
