import Common

/// The hashes of recently seen transactions and what became of them, least recently used first out: a bounded
/// LRU, so a transaction gossiped back by many peers is checked by the application once.
///
/// A doubly linked list threaded through an array of slots (indices, not references), with a dictionary from
/// hash to slot: lookups, insertions, moves to the front and removals are O(1).
struct TransactionCache {
    /// What the mempool knows about a transaction.
    enum Status: Equatable, Sendable {
        /// Waiting in the mempool.
        case pending
        /// Committed in a block.
        case committed
        /// Refused since the last block, by the application or by a mempool rule.
        case rejected(MempoolError)
    }

    private struct Slot {
        var hash: Hash
        var status: Status
        var newer: Int
        var older: Int
    }

    /// The most hashes remembered.
    let capacity: Int
    private var slots: [Slot] = []
    private var index: [Hash: Int] = [:]
    private var free: [Int] = []
    /// The most recently used slot, or -1.
    private var newest = -1
    /// The least recently used slot, or -1.
    private var oldest = -1

    /// An empty cache remembering at most `capacity` hashes (at least one).
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// The number of hashes remembered.
    var count: Int { index.count }

    /// What is known of `hash`, without changing its recency.
    func status(of hash: Hash) -> Status? {
        index[hash].map { slots[$0].status }
    }

    /// Marks `hash` as just used.
    mutating func touch(_ hash: Hash) {
        guard let slot = index[hash] else { return }
        unlink(slot)
        pushFront(slot)
    }

    /// Records `status` for `hash` as the most recent entry, forgetting the least recent one when full.
    mutating func record(_ hash: Hash, _ status: Status) {
        if let slot = index[hash] {
            slots[slot].status = status
            unlink(slot)
            pushFront(slot)
            return
        }
        if index.count >= capacity, oldest >= 0 { remove(slots[oldest].hash) }
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            slots[slot] = Slot(hash: hash, status: status, newer: -1, older: -1)
        } else {
            slot = slots.count
            slots.append(Slot(hash: hash, status: status, newer: -1, older: -1))
        }
        index[hash] = slot
        pushFront(slot)
    }

    /// Forgets `hash`.
    mutating func remove(_ hash: Hash) {
        guard let slot = index.removeValue(forKey: hash) else { return }
        unlink(slot)
        free.append(slot)
    }

    /// Forgets every rejection (the state they were judged against has changed).
    mutating func forgetRejections() {
        var slot = newest
        while slot >= 0 {
            let next = slots[slot].older
            if case .rejected = slots[slot].status { remove(slots[slot].hash) }
            slot = next
        }
    }

    private mutating func unlink(_ slot: Int) {
        let newer = slots[slot].newer
        let older = slots[slot].older
        if newer >= 0 { slots[newer].older = older } else { newest = older }
        if older >= 0 { slots[older].newer = newer } else { oldest = newer }
        slots[slot].newer = -1
        slots[slot].older = -1
    }

    private mutating func pushFront(_ slot: Int) {
        slots[slot].older = newest
        slots[slot].newer = -1
        if newest >= 0 { slots[newest].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }
}
