import Common

/// What the runtime knows about the block it executes besides its transactions: its number, its parent and
/// its time (the only clock the runtime reads).
public struct BlockContext: Hashable, Sendable {
    /// The block number.
    public var number: UInt64
    /// The parent block's hash.
    public var parentHash: Hash
    /// The block's time in milliseconds since the Unix epoch.
    public var timestampMillis: UInt64

    /// Creates a context.
    public init(number: UInt64, parentHash: Hash, timestampMillis: UInt64) {
        self.number = number
        self.parentHash = parentHash
        self.timestampMillis = timestampMillis
    }

    /// The context of `header`'s block.
    public init(of header: BlockHeader) {
        self.init(number: header.number, parentHash: header.parentHash, timestampMillis: header.timestampMillis)
    }
}
