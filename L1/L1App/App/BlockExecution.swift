import Common

/// Executes the transactions of one block, in order, on a state: the same code for a decided block
/// (``L1Application/finalizeBlock(_:)``) and for the proposals built and judged on scratch state.
struct BlockExecution {
    /// The transaction checks, with the chain id and the parameters in force at the start of the block.
    let admission: Admission

    /// What one transaction did.
    struct Outcome {
        /// The transaction's result.
        var result: TxResult
        /// Whether the transaction passed admission (it may be in a block; its fee and nonce were taken).
        var admitted: Bool
    }

    /// Prepares the execution of a block over `state`, reading the parameters in force from it.
    init(chainID: String, state: inout StateOverlay) throws(ApplicationError) {
        do {
            admission = Admission(chainID: chainID, params: try Bank.params(in: &state))
        } catch {
            throw Self.applicationError(error)
        }
    }

    /// Executes one transaction on `state`.
    ///
    /// A transaction failing admission leaves `state` unchanged. An admitted transaction pays its fee and
    /// advances its nonce; then its messages run on a branch, merged only if they all succeed.
    func execute(_ bytes: [UInt8], on state: inout StateOverlay) throws(ApplicationError) -> Outcome {
        let signed: SignedTransaction
        let txEvent: Event
        do {
            signed = try admission.decode(bytes)
            try admission.check(signed)
            txEvent = try admission.charge(signed, in: &state)
        } catch {
            guard case .rejected(let code, let log) = error else { throw Self.applicationError(error) }
            return Outcome(result: TxResult(code: code, log: log, events: []), admitted: false)
        }

        let context = MessageContext(signer: signed.transaction.sender, params: admission.params)
        var branch = StateBranch(state.take())
        var events = [txEvent]
        for (index, message) in signed.transaction.messages.enumerated() {
            do {
                events += try message.execute(context, in: &branch)
            } catch {
                state = (consume branch).discarded()
                guard case .rejected(let code, let log) = error else { throw Self.applicationError(error) }
                let result = TxResult(code: code, log: "message \(index) (\(message.kind)): \(log)", events: [txEvent])
                return Outcome(result: result, admitted: true)
            }
        }
        do {
            state = try (consume branch).merged()
        } catch {
            throw .storage(error)
        }
        return Outcome(result: TxResult(code: .ok, log: "", events: events), admitted: true)
    }

    /// The application error inside `error`; a rejection outside a transaction means the state is corrupt.
    static func applicationError(_ error: ExecutionError) -> ApplicationError {
        switch error {
        case .application(let error): error
        case .rejected(let code, let log): .corruptState("unexpected \(code) outside a transaction: \(log)")
        }
    }
}
