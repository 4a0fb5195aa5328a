import Common

extension Runtime {
    /// Runs the body of an admitted transaction on the stage, its rules evaluations spending from `fuel`:
    /// success, or the reason it failed (the caller then drops every staged write and event).
    func perform(
        _ transaction: Transaction, hash: Hash, sender: Sender, context: BlockContext, fuel: RuleFuelBudget,
        state: inout StagedState
    ) throws(StateError) -> Result<Void, FailureReason> {
        let call = Call(sender: sender.address, transactionHash: hash, block: context, fuel: fuel)
        do {
            try dispatch(transaction.kind, payload: transaction.payload, call: call, state: &state)
            return .success(())
        } catch {
            switch error {
            case .failed(let reason): return .failure(reason)
            case .store(let failure): throw failure
            }
        }
    }

    /// Decodes the payload of `kind` and runs its body.
    private func dispatch(
        _ kind: TransactionKind, payload: [UInt8], call: Call, state: inout StagedState
    ) throws(BodyError) {
        switch kind {
        case .transfer:
            try transfer(decodePayload(TransferPayload.self, payload), call: call, state: &state)
        case .withdraw:
            try withdraw(decodePayload(WithdrawPayload.self, payload), call: call, state: &state)
        case .storeProgram:
            try storeProgram(decodePayload(StoreProgramPayload.self, payload), call: call, state: &state)
        case .foundZone:
            try foundZone(decodePayload(FoundZonePayload.self, payload), call: call, state: &state)
        case .reviseZoneRules:
            try reviseZoneRules(decodePayload(ReviseZoneRulesPayload.self, payload), call: call, state: &state)
        case .registerResource:
            try registerResource(decodePayload(RegisterResourcePayload.self, payload), call: call, state: &state)
        case .updateResource:
            try updateResource(decodePayload(UpdateResourcePayload.self, payload), call: call, state: &state)
        case .dereferenceResource:
            try dereferenceResource(
                decodePayload(DereferenceResourcePayload.self, payload), call: call, state: &state)
        case .joinZone:
            try joinZone(decodePayload(JoinZonePayload.self, payload), call: call, state: &state)
        case .leaveZone:
            try leaveZone(decodePayload(LeaveZonePayload.self, payload), call: call, state: &state)
        case .issueCredential:
            try issueCredential(decodePayload(IssueCredentialPayload.self, payload), call: call, state: &state)
        case .revokeCredential:
            try revokeCredential(decodePayload(CredentialPayload.self, payload), call: call, state: &state)
        case .acceptCredential:
            try acceptCredential(decodePayload(CredentialPayload.self, payload), call: call, state: &state)
        case .dismissCredential:
            try dismissCredential(decodePayload(CredentialPayload.self, payload), call: call, state: &state)
        case .requestExecution:
            try requestExecution(decodePayload(RequestExecutionPayload.self, payload), call: call, state: &state)
        case .reportExecution:
            try reportExecution(decodePayload(ReportExecutionPayload.self, payload), call: call, state: &state)
        case .cancelExecution:
            try cancelExecution(decodePayload(CancelExecutionPayload.self, payload), call: call, state: &state)
        case .claimZonePool:
            try claimZonePool(decodePayload(ClaimZonePoolPayload.self, payload), call: call, state: &state)
        }
    }
}
