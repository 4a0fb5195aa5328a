/// How the sequencer makes blocks and how much it holds.
public struct SequencerConfiguration: Hashable, Sendable {
    /// A block is sealed this long after it was opened (by its first transaction), in milliseconds.
    public var blockIntervalMillis: UInt64
    /// A block is sealed at once when it holds this many transactions.
    public var maxBlockTransactions: Int
    /// A block is sealed at once when its transactions reach this many bytes.
    public var maxBlockBytes: Int
    /// The mempool's caps.
    public var mempool: MempoolLimits
    /// The most fingerprints of signatures verified at ingest kept for the batcher's check
    /// (``VerifiedSignatures``); 0 keeps none (no batcher, or one that does not check signatures).
    public var verifiedSignatureCapacity: Int

    /// Creates a configuration; the defaults seal a block every 200 ms or at 10,000 transactions or 4 MiB.
    public init(
        blockIntervalMillis: UInt64 = 200, maxBlockTransactions: Int = 10_000, maxBlockBytes: Int = 4 << 20,
        mempool: MempoolLimits = MempoolLimits(), verifiedSignatureCapacity: Int = VerifiedSignatures.defaultCapacity
    ) {
        self.blockIntervalMillis = blockIntervalMillis
        self.maxBlockTransactions = maxBlockTransactions
        self.maxBlockBytes = maxBlockBytes
        self.mempool = mempool
        self.verifiedSignatureCapacity = verifiedSignatureCapacity
    }
}
