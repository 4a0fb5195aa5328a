import Common
import L2Runtime

/// Transactions waiting for their sender's nonce gap to fill, per sender and ordered by nonce, under the caps
/// of ``MempoolLimits``. A value type with no clock of its own: the sequencer passes the time in.
///
/// `Ticket` is what the sequencer keeps with each transaction to answer its submitter later.
public struct Mempool<Ticket> {
    /// A waiting transaction.
    public struct Entry {
        /// The transaction.
        public var transaction: SignedTransaction
        /// Its size in bytes.
        public var byteCount: Int
        /// When it arrived, in milliseconds.
        public var arrivalMillis: UInt64
        /// The submitter's ticket.
        public var ticket: Ticket
    }

    /// Why a transaction cannot wait.
    public enum Refusal: Error, Hashable, Sendable {
        /// The sender already has ``MempoolLimits/maxPerSender`` waiting.
        case senderFull(limit: Int)
        /// The mempool holds ``MempoolLimits/maxTransactions``.
        case full(limit: Int)
        /// The mempool holds ``MempoolLimits/maxBytes``.
        case bytesFull(limit: Int)
        /// The nonce is more than ``MempoolLimits/maxNonceGap`` ahead of the sender's next nonce.
        case gapTooLarge(next: UInt64, nonce: UInt64, limit: UInt64)
        /// A transaction with this sender and nonce is already waiting.
        case duplicateNonce(UInt64)
        /// The sender's balance does not cover this transaction's fee and the fees of those it has waiting.
        case unfunded(balance: Amount, fees: Amount?)
    }

    /// The caps.
    public let limits: MempoolLimits
    private var senders: [Address: [UInt64: Entry]] = [:]
    /// The number of waiting transactions.
    public private(set) var count = 0
    /// Their total size in bytes.
    public private(set) var byteCount = 0
    /// No waiting transaction arrived before this (one may have arrived later: it is a bound, refreshed by
    /// ``expire(now:)``), so that a tick with nothing old enough to expire looks at nothing.
    private var oldestArrival: UInt64?

    /// An empty mempool with `limits`.
    public init(limits: MempoolLimits) {
        self.limits = limits
    }

    /// Puts `transaction` from `sender` (whose next nonce is `nextNonce` and whose balance is `balance`) in line
    /// until its nonce comes up.
    ///
    /// A place costs the sender nothing until its transaction runs, so only a sender who could pay for it waits:
    /// `balance` must cover this transaction's fee and the fees of every transaction it already has waiting.
    /// Without that, keys with no account could hold the whole mempool for ``MempoolLimits/ttlMillis`` at no
    /// cost, and honest senders' out-of-order transactions would be refused as `mempoolFull`.
    public mutating func insert(
        _ transaction: SignedTransaction, byteCount bytes: Int, sender: Address, nextNonce: UInt64, balance: Amount,
        now: UInt64, ticket: Ticket
    ) throws(Refusal) {
        let nonce = transaction.transaction.nonce
        guard nonce >= nextNonce, nonce - nextNonce <= limits.maxNonceGap else {
            throw .gapTooLarge(next: nextNonce, nonce: nonce, limit: limits.maxNonceGap)
        }
        let queue = senders[sender] ?? [:]
        guard queue[nonce] == nil else { throw .duplicateNonce(nonce) }
        guard queue.count < limits.maxPerSender else { throw .senderFull(limit: limits.maxPerSender) }
        guard count < limits.maxTransactions else { throw .full(limit: limits.maxTransactions) }
        guard byteCount + bytes <= limits.maxBytes else { throw .bytesFull(limit: limits.maxBytes) }
        var fees: Amount? = transaction.transaction.fee
        for entry in queue.values { fees = fees?.adding(entry.transaction.transaction.fee) }
        guard let fees, fees <= balance else { throw .unfunded(balance: balance, fees: fees) }
        senders[sender, default: [:]][nonce] = Entry(
            transaction: transaction, byteCount: bytes, arrivalMillis: now, ticket: ticket)
        count += 1
        byteCount += bytes
        oldestArrival = min(oldestArrival ?? now, now)
    }

    /// Takes out `sender`'s transaction with `nonce`, if one waits.
    public mutating func take(sender: Address, nonce: UInt64) -> Entry? {
        guard let entry = senders[sender]?.removeValue(forKey: nonce) else { return nil }
        if senders[sender]?.isEmpty == true { senders[sender] = nil }
        count -= 1
        byteCount -= entry.byteCount
        return entry
    }

    /// The nonces `sender` has waiting, in order.
    public func waitingNonces(of sender: Address) -> [UInt64] {
        (senders[sender]?.keys).map { $0.sorted() } ?? []
    }

    /// Takes out every transaction that arrived more than ``MempoolLimits/ttlMillis`` before `now`, in sender
    /// then nonce order.
    public mutating func expire(now: UInt64) -> [Entry] {
        guard let oldest = oldestArrival, now >= oldest, now - oldest > limits.ttlMillis else { return [] }
        var removed: [Entry] = []
        var remaining: UInt64?
        for sender in senders.keys.sorted() {
            for nonce in waitingNonces(of: sender) {
                guard let entry = senders[sender]?[nonce] else { continue }
                guard now >= entry.arrivalMillis, now - entry.arrivalMillis > limits.ttlMillis else {
                    remaining = min(remaining ?? entry.arrivalMillis, entry.arrivalMillis)
                    continue
                }
                if let taken = take(sender: sender, nonce: nonce) { removed.append(taken) }
            }
        }
        oldestArrival = remaining
        return removed
    }
}
