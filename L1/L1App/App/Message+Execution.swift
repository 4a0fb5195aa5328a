import Common

/// What a message may know about the transaction and block it runs in.
struct MessageContext {
    /// The transaction's signer: the account messages act for.
    let signer: Address
    /// The bank parameters in force.
    let params: BankParams
}

extension Message {
    /// Runs the message on `store`, dispatching to the module that owns it, and returns its events.
    ///
    /// A module adding a message kind adds its case here.
    func execute(_ context: MessageContext, in store: inout some StateStore) throws(ExecutionError) -> [Event] {
        switch self {
        case .send(let to, let amount):
            [try Bank.send(from: context.signer, to: to, amount: amount, denom: context.params.denom, in: &store)]
        }
    }
}
