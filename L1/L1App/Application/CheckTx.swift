import Common

/// Why the mempool asks the application to check a transaction.
public enum CheckTxKind: Hashable, Sendable {
    /// A transaction arriving in the mempool for the first time.
    case new
    /// A transaction still in the mempool after a block was committed, checked again against the new state.
    case recheck
}

/// The mempool's answer about one transaction (ABCI `CheckTx`).
public struct CheckTxResponse: Hashable, Sendable {
    /// ``ResultCode/ok`` if the transaction may wait in the mempool; otherwise why not.
    public var code: ResultCode
    /// Empty on success; otherwise a sentence saying what was wrong, e.g. `fee 10ustrata below minimum 250ustrata`.
    public var log: String
    /// The mempool's ordering priority, higher first: the fee in the base denomination.
    public var priority: UInt128
    /// The signer's address, when the transaction decoded.
    public var sender: Address?
    /// The transaction's nonce, when it decoded.
    public var nonce: UInt64?

    /// Creates a response.
    public init(code: ResultCode, log: String, priority: UInt128, sender: Address?, nonce: UInt64?) {
        self.code = code
        self.log = log
        self.priority = priority
        self.sender = sender
        self.nonce = nonce
    }

    /// Whether the transaction was accepted.
    public var isOK: Bool { code.isOK }
}
