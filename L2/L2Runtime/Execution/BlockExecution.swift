import Common

/// What executing a block's transactions produced: one receipt per transaction and the header that commits
/// to them and to the new state.
public struct BlockExecution: Hashable, Sendable {
    /// The header: the context's fields, the transaction count, and the three roots.
    public var header: BlockHeader
    /// One receipt per transaction, in block order.
    public var receipts: [Receipt]
    /// What the transactions did, in block order (outputs only: not committed in any root).
    public var events: [RuntimeEvent]

    /// Creates an execution result.
    public init(header: BlockHeader, receipts: [Receipt], events: [RuntimeEvent] = []) {
        self.header = header
        self.receipts = receipts
        self.events = events
    }

    /// The sealed block: `transactions` under ``header``.
    public func block(_ transactions: [SignedTransaction]) -> Block {
        Block(header: header, transactions: transactions)
    }
}
