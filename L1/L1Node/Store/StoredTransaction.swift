import Common
import L1App
import L1Consensus

/// A committed transaction found by its hash: where it is, its bytes and its result.
public struct StoredTransaction: Hashable, Sendable {
    /// The height of the block that holds it.
    public let height: Height
    /// Its position in the block's transactions.
    public let index: Int
    /// Its bytes.
    public let transaction: [UInt8]
    /// Its hash.
    public let hash: Hash
    /// What executing it did; nil when the block was saved without results.
    public let result: TxResult?
}
