import Common

/// What executing a block's transactions produced: one receipt per transaction and the header that commits
/// to them and to the new state.
public struct BlockExecution: Hashable, Sendable {
    /// The header: the context's fields, the transaction count, and the three roots.
    public var header: BlockHeader
    /// One receipt per transaction, in block order.
    public var receipts: [Receipt]

    /// Creates an execution result.
    public init(header: BlockHeader, receipts: [Receipt]) {
        self.header = header
        self.receipts = receipts
    }

    /// The sealed block: `transactions` under ``header``.
    public func block(_ transactions: [SignedTransaction]) -> Block {
        Block(header: header, transactions: transactions)
    }
}
