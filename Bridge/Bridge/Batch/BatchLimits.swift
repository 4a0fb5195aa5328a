import Common

/// The caps a batch reader applies before it allocates anything, and that a batch writer must stay under.
///
/// L1 records the decompression cap with each batch; every verifier decodes under the same limits, so a
/// batch that one reader accepts every reader accepts.
public struct BatchLimits: Hashable, Sendable {
    /// The most bytes of batch data (version, dictionary name and zstd frame).
    public var maxDataBytes: Int
    /// The most bytes the zstd frame may decompress to: the column section's cap.
    public var maxColumnBytes: Int
    /// The most blocks in one batch.
    public var maxBlocks: Int
    /// The most transactions in one batch (each block also stays under ``L2Runtime/Block/maxTransactions``).
    public var maxTransactions: Int

    /// Creates limits; every cap must be positive.
    public init(maxDataBytes: Int, maxColumnBytes: Int, maxBlocks: Int, maxTransactions: Int) {
        precondition(
            maxDataBytes > 0 && maxColumnBytes > 0 && maxBlocks > 0 && maxTransactions > 0, "caps are positive")
        precondition(maxTransactions <= HalfAggregateSignature.maxCount, "one half-aggregate covers the batch")
        self.maxDataBytes = maxDataBytes
        self.maxColumnBytes = maxColumnBytes
        self.maxBlocks = maxBlocks
        self.maxTransactions = maxTransactions
    }

    /// Strata's defaults: 16 MiB of data, 16 MiB of columns, 65,536 blocks, 65,535 transactions (the most
    /// signatures one half-aggregate holds, ``Common/HalfAggregateSignature/maxCount``).
    public static let standard = BatchLimits(
        maxDataBytes: 16 << 20, maxColumnBytes: 16 << 20, maxBlocks: 65_536,
        maxTransactions: HalfAggregateSignature.maxCount)
}
