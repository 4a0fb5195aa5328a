import Common

/// A transaction waiting in the mempool, with what the application said about it.
public struct MempoolEntry: Hashable, Sendable {
    /// The transaction's bytes.
    public let transaction: [UInt8]
    /// Its hash (BLAKE2b-256 of the bytes), the transaction id.
    public let hash: Hash
    /// The application's priority (the fee); refreshed by each recheck.
    public internal(set) var priority: UInt128
    /// The sender whose nonce order it keeps.
    public let sender: MempoolSender
    /// The sender's nonce (0 for a transaction without a sender).
    public let nonce: UInt64
    /// The admission sequence number: gossip cursors and rechecks follow it.
    public let sequence: UInt64
    /// The last committed height when the transaction was admitted.
    public let admittedAfterHeight: UInt64

    /// The transaction's size in bytes.
    public var byteCount: Int { transaction.count }
}
