import Common
import L1App

/// Why the mempool refused a transaction, or could not update.
public enum MempoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The transaction is already waiting in the mempool.
    case alreadyInMempool(Hash)
    /// The transaction was committed in a recent block.
    case alreadyCommitted(Hash)
    /// The same bytes were refused since the last block, for the reason given; they are not checked again
    /// before the next block.
    indirect case recentlyRejected(Hash, because: MempoolError)
    /// The application rejected the transaction.
    case rejected(code: ResultCode, log: String)
    /// The transaction is larger than the mempool's per-transaction cap.
    case transactionTooLarge(bytes: Int, cap: Int)
    /// The mempool is at one of its caps and no transaction of lower priority could be evicted for this one.
    /// `lowestEvictable` is the lowest priority that could have been evicted, if any.
    case mempoolFull(
        maxTransactions: Int, maxTotalBytes: Int, priority: UInt128, lowestEvictable: UInt128?, denomination: String)
    /// An earlier nonce of the sender left the mempool (evicted, or refused while the mempool was full): its later
    /// transactions cannot be included before it and are refused until the next block.
    case senderGap(sender: MempoolSender, missingNonce: UInt64)
    /// The sender already has a different transaction with this nonce waiting.
    case nonceTaken(sender: MempoolSender, nonce: UInt64)
    /// ``Mempool/update(committed:height:)`` was called with a height not above the last one.
    case staleUpdate(height: UInt64, lastHeight: UInt64)
    /// The application failed (storage, misuse): the node must stop.
    case application(ApplicationError)

    public var description: String {
        switch self {
        case .alreadyInMempool(let hash):
            "transaction \(hash) is already in the mempool"
        case .alreadyCommitted(let hash):
            "transaction \(hash) was already committed in a block"
        case .recentlyRejected(let hash, let reason):
            "transaction \(hash) was refused since the last block and is checked again only after the next one: "
                + "\(reason)"
        case .rejected(let code, let log):
            "transaction rejected (\(code)): \(log)"
        case .transactionTooLarge(let bytes, let cap):
            "transaction of \(bytes) bytes is above the mempool's cap of \(ByteSize(cap))"
        case .mempoolFull(let maxTransactions, let maxTotalBytes, let priority, let lowest, let denomination):
            "mempool is full: \(maxTransactions) txs / \(ByteSize(maxTotalBytes)); fee \(priority)\(denomination) "
                + "too low to evict"
                + (lowest.map { " (the lowest evictable fee is \($0)\(denomination))" } ?? " (nothing is evictable)")
                + "; pay a higher fee or retry after the next block"
        case .senderGap(let sender, let missingNonce):
            "nonce \(missingNonce) of \(sender) left the mempool (evicted or refused while full); its later "
                + "transactions are refused until the next block: resubmit from nonce \(missingNonce) then"
        case .nonceTaken(let sender, let nonce):
            "\(sender) already has another transaction with nonce \(nonce) in the mempool"
        case .staleUpdate(let height, let lastHeight):
            "mempool update for height \(height) does not follow the last update at height \(lastHeight)"
        case .application(let error):
            "the application failed while checking a transaction: \(error)"
        }
    }
}

/// A byte count written the way people read it: `64 MiB`, `8 KiB`, or `1500 bytes`.
struct ByteSize: CustomStringConvertible {
    let bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    var description: String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
