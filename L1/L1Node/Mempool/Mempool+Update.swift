import Common
import L1App

extension Mempool {
    /// A transaction dropped by a recheck.
    public struct Dropped: Hashable, Sendable {
        /// The transaction's hash.
        public let hash: Hash
        /// Why the application now rejects it.
        public let code: ResultCode
        /// The application's log.
        public let log: String
    }

    /// What an update did.
    public struct UpdateReport: Hashable, Sendable {
        /// How many waiting transactions the block committed.
        public let committed: Int
        /// How many transactions were rechecked.
        public let rechecked: Int
        /// The transactions that failed their recheck, in admission order.
        public let dropped: [Dropped]
    }

    /// Takes a committed block into account, after the application committed it: its transactions leave the
    /// mempool (and are remembered as committed), rejections and nonce gaps from before the block are forgotten,
    /// and every remaining transaction is rechecked with `checkTx(.recheck)` in admission order (which is each
    /// sender's nonce order); the ones that now fail are dropped.
    ///
    /// An ``MempoolError/application(_:)`` error leaves the mempool partly rechecked: the node must stop.
    @discardableResult
    public func update(committed transactions: [[UInt8]], height: UInt64) throws(MempoolError) -> UpdateReport {
        guard height > lastHeight else { throw .staleUpdate(height: height, lastHeight: lastHeight) }
        lastHeight = height
        var committed = 0
        for transaction in transactions {
            let hash = Hash.blake2b(transaction)
            if remove(hash) != nil { committed += 1 }
            cache.record(hash, .committed)
        }
        metrics.committed += UInt64(committed)
        cache.forgetRejections()
        gaps = [:]

        let waiting = entriesInArrivalOrder
        var dropped: [Dropped] = []
        for entry in waiting {
            let response: CheckTxResponse
            do {
                response = try application.checkTx(entry.transaction, kind: .recheck)
            } catch {
                throw .application(error)
            }
            if response.isOK {
                entries[entry.hash]?.priority = response.priority
            } else {
                remove(entry.hash)
                cache.record(entry.hash, .rejected(.rejected(code: response.code, log: response.log)))
                dropped.append(Dropped(hash: entry.hash, code: response.code, log: response.log))
            }
        }
        metrics.recheckDropped += UInt64(dropped.count)
        return UpdateReport(committed: committed, rechecked: waiting.count, dropped: dropped)
    }
}
