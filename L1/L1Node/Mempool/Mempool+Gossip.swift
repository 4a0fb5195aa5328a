extension Mempool {
    /// Transactions to send a peer, in admission order, and where to continue next time.
    public struct GossipBatch: Hashable, Sendable {
        /// The transactions' bytes.
        public let transactions: [[UInt8]]
        /// The cursor to pass next time: everything admitted up to it was offered or has left.
        public let cursor: UInt64
    }

    /// The transactions admitted after `cursor` (0 for all) that are still waiting, at most `maxCount` of them
    /// and `maxBytes` in total (the first one is always included if it exists, so a large transaction cannot stall
    /// a peer's stream).
    public func transactions(after cursor: UInt64, maxCount: Int = 1_000, maxBytes: Int = 1 << 20) -> GossipBatch {
        // Arrivals are in sequence order: binary search for the first one after the cursor.
        var low = 0
        var high = arrivals.count
        while low < high {
            let middle = (low + high) / 2
            if arrivals[middle].sequence <= cursor { low = middle + 1 } else { high = middle }
        }
        var transactions: [[UInt8]] = []
        var bytes = 0
        var reached = cursor
        for arrival in arrivals[low...] {
            guard let entry = entries[arrival.hash], entry.sequence == arrival.sequence else {
                reached = arrival.sequence
                continue
            }
            guard transactions.count < maxCount,
                transactions.isEmpty || bytes + entry.byteCount <= maxBytes
            else { break }
            transactions.append(entry.transaction)
            bytes += entry.byteCount
            reached = arrival.sequence
        }
        return GossipBatch(transactions: transactions, cursor: reached)
    }
}
