import Common
import L2Runtime

/// What one sealed block did, as the sequencer hands it to its event feed: the header, its transactions'
/// hashes in block order, and the runtime's events (outputs of execution, not committed in any root).
public struct SealedBlock: Hashable, Sendable {
    /// The sealed header.
    public var header: BlockHeader
    /// The transactions' hashes, in block order (an event's `transactionIndex` points into this).
    public var transactionHashes: [Hash]
    /// The events, in block order.
    public var events: [RuntimeEvent]

    /// Creates a sealed block's summary.
    public init(header: BlockHeader, transactionHashes: [Hash], events: [RuntimeEvent]) {
        self.header = header
        self.transactionHashes = transactionHashes
        self.events = events
    }
}
