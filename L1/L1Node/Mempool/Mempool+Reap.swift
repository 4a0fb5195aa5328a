import Common

extension Mempool {
    /// The transactions for a proposal, in block order, summing to at most `maxBytes` and numbering at most
    /// `maxTransactions`.
    ///
    /// Each sender's transactions come in nonce order; among the senders' next transactions the highest priority
    /// goes first, ties to the lower hash. A transaction that does not fit ends its sender's run (the later ones
    /// depend on it) while smaller transactions of other senders may still fit. Deterministic for a given
    /// content: it does not depend on admission order or dictionary order.
    public func reap(maxBytes: Int, maxTransactions: Int = .max) -> [[UInt8]] {
        orderedEntries(maxBytes: maxBytes, maxTransactions: maxTransactions).map(\.transaction)
    }

    /// The entries ``reap(maxBytes:maxTransactions:)`` would return.
    public func orderedEntries(maxBytes: Int = .max, maxTransactions: Int = .max) -> [MempoolEntry] {
        var heads = SenderHeads()
        for (sender, chain) in chains {
            if let first = chain.first, let entry = entries[first] {
                heads.push(SenderHead(entry: entry, sender: sender, position: 0))
            }
        }
        var chosen: [MempoolEntry] = []
        var remaining = max(maxBytes, 0)
        while chosen.count < maxTransactions, let head = heads.pop() {
            guard head.entry.byteCount <= remaining else { continue }
            chosen.append(head.entry)
            remaining -= head.entry.byteCount
            let next = head.position + 1
            if let chain = chains[head.sender], next < chain.count, let entry = entries[chain[next]] {
                heads.push(SenderHead(entry: entry, sender: head.sender, position: next))
            }
        }
        return chosen
    }
}

/// The next transaction of one sender, as a candidate for the proposal.
private struct SenderHead {
    let entry: MempoolEntry
    let sender: MempoolSender
    let position: Int

    /// Whether this head goes before `other`: higher priority, then lower hash.
    func precedes(_ other: SenderHead) -> Bool {
        (other.entry.priority, entry.hash) < (entry.priority, other.entry.hash)
    }
}

/// A binary max-heap of sender heads by ``SenderHead/precedes(_:)``.
private struct SenderHeads {
    private var items: [SenderHead] = []

    mutating func push(_ head: SenderHead) {
        items.append(head)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> SenderHead? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < items.count, items[left].precedes(items[best]) { best = left }
            if right < items.count, items[right].precedes(items[best]) { best = right }
            guard best != parent else { return first }
            items.swapAt(parent, best)
            parent = best
        }
    }
}
