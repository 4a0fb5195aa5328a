import Common

extension Mempool {
    /// Makes room for `entry` if a cap would be exceeded, by evicting transactions of strictly lower priority;
    /// returns their hashes. Either the whole room is found or nothing is evicted.
    ///
    /// Only the tail of a sender's chain (its highest nonce) can be evicted, since the transactions before it do
    /// not depend on it; after a tail goes, the one before becomes a candidate. The candidate is the tail with the
    /// lowest priority, ties going to the higher hash (the one a proposal would take last). The new transaction's
    /// own sender is never a candidate: its new nonce depends on every earlier one.
    func makeRoom(for entry: MempoolEntry) throws(MempoolError) -> [Hash] {
        let limits = configuration
        var count = entries.count + 1
        var bytes = totalBytes + entry.byteCount
        var plan: [MempoolEntry] = []
        var taken: [MempoolSender: Int] = [:]
        var lowestEvictable: UInt128?
        while count > limits.maxTransactions || bytes > limits.maxTotalBytes {
            let candidate = lowestTail(excluding: entry.sender, taken: taken)
            if plan.isEmpty { lowestEvictable = candidate?.priority }
            guard let candidate, candidate.priority < entry.priority, plan.count < limits.maxEvictionsPerAdmission
            else {
                metrics.refusedFull += 1
                throw .mempoolFull(
                    maxTransactions: limits.maxTransactions, maxTotalBytes: limits.maxTotalBytes,
                    priority: entry.priority, lowestEvictable: lowestEvictable, denomination: limits.denomination)
            }
            plan.append(candidate)
            taken[candidate.sender, default: 0] += 1
            count -= 1
            bytes -= candidate.byteCount
        }
        for victim in plan {
            remove(victim.hash)
            // Forgotten, not rejected: the sender may send it again after the next block.
            cache.remove(victim.hash)
            noteGap(victim.sender, at: victim.nonce)
            metrics.evicted += 1
        }
        return plan.map(\.hash)
    }

    /// The evictable tail with the lowest priority (ties: the higher hash), once `taken[s]` tails of each sender
    /// `s` are already planned out. The dictionary's order does not matter: the order compared is total.
    private func lowestTail(excluding sender: MempoolSender, taken: [MempoolSender: Int]) -> MempoolEntry? {
        var lowest: MempoolEntry?
        for (owner, chain) in chains where owner != sender {
            let position = chain.count - 1 - (taken[owner] ?? 0)
            guard position >= 0, let tail = entries[chain[position]] else { continue }
            if let current = lowest {
                guard (tail.priority, current.hash) < (current.priority, tail.hash) else { continue }
            }
            lowest = tail
        }
        return lowest
    }
}
