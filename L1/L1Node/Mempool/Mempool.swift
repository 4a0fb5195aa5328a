import Common
import L1App

/// The transactions waiting for a block: each checked by the application (`checkTx(.new)`) before it is
/// admitted, kept in each sender's nonce order, offered to proposals by fee priority, and checked again
/// (`checkTx(.recheck)`) after every block.
///
/// - Admission (``add(_:)``): a hash seen recently is answered from a bounded cache (pending, committed or
///   rejected since the last block) without asking the application; a transaction over the size cap is refused;
///   the application's rejection is returned with its code and log. When the mempool is at its count or byte
///   cap, a new transaction may evict transactions of strictly lower priority, each taken from the tail of its
///   sender's nonce chain (never one a later transaction of the same sender depends on); otherwise it is
///   refused with ``MempoolError/mempoolFull(maxTransactions:maxTotalBytes:priority:lowestEvictable:denomination:)``.
/// - Proposals (``reap(maxBytes:maxTransactions:)``): a sender's transactions in nonce order; between senders the
///   highest priority first, ties going to the lower transaction hash.
/// - After a block (``update(committed:height:)``): the committed transactions leave, and every remaining one is
///   rechecked in admission order; the ones that fail are dropped.
/// - Gossip (``transactions(after:maxCount:maxBytes:)``): the transactions admitted after a cursor.
///
/// The application's check state advances with each transaction it accepts (the next nonce of the sender), and
/// cannot be rolled back. So when a transaction the application accepted leaves the mempool without a block
/// (evicted, or refused because the mempool was full), its sender's later nonces are refused
/// (``MempoolError/senderGap(sender:missingNonce:)``) until the next block resets the check state.
///
/// Not thread-safe: the node drives it, like the application, from one actor. The application's commit must be
/// followed by ``update(committed:height:)`` with no ``add(_:)`` in between (``ApplicationExecutor`` does both in
/// one call), so that every admission is checked against a check state that includes the waiting transactions.
public final class Mempool {
    /// What an admission did.
    public struct Admission: Hashable, Sendable {
        /// The admitted transaction's hash.
        public let hash: Hash
        /// Its priority.
        public let priority: UInt128
        /// The transactions evicted to make room, lowest priority first.
        public let evicted: [Hash]
    }

    /// The limits.
    public let configuration: Configuration
    let application: any Application
    /// The waiting transactions by hash.
    var entries: [Hash: MempoolEntry] = [:]
    /// Each sender's waiting transactions, in nonce order.
    var chains: [MempoolSender: [Hash]] = [:]
    /// Admissions in sequence order; entries that left are skipped (their hash is gone or re-admitted later).
    var arrivals: [(sequence: UInt64, hash: Hash)] = []
    /// Recently seen hashes.
    var cache: TransactionCache
    /// Senders whose check state is ahead of the mempool: the first nonce that left without a block.
    var gaps: [MempoolSender: UInt64] = [:]
    /// The sequence number of the last admission (0 before the first).
    public private(set) var latestSequence: UInt64 = 0
    /// The sum of the waiting transactions' sizes.
    public internal(set) var totalBytes = 0
    /// The height of the last ``update(committed:height:)`` (0 before the first).
    public internal(set) var lastHeight: UInt64 = 0
    /// What the mempool did so far.
    public internal(set) var metrics = MempoolMetrics()

    /// An empty mempool checking transactions with `application`.
    public init(application: any Application, configuration: Configuration = Configuration()) {
        self.application = application
        self.configuration = configuration
        self.cache = TransactionCache(capacity: configuration.cacheCapacity)
    }

    /// The number of waiting transactions.
    public var count: Int { entries.count }

    /// The number of recent hashes remembered.
    public var cachedHashCount: Int { cache.count }

    /// Whether the transaction with `hash` is waiting.
    public func contains(_ hash: Hash) -> Bool { entries[hash] != nil }

    /// The waiting transaction with `hash`.
    public func entry(_ hash: Hash) -> MempoolEntry? { entries[hash] }

    /// Checks `transaction` with the application and admits it, evicting lower-priority transactions if the
    /// mempool is full. Throws a ``MempoolError`` saying why a transaction was refused.
    @discardableResult
    public func add(_ transaction: [UInt8]) throws(MempoolError) -> Admission {
        let hash = Hash.blake2b(transaction)
        try refuseKnown(hash)
        guard transaction.count <= configuration.maxTransactionBytes else {
            metrics.rejected += 1
            throw .transactionTooLarge(bytes: transaction.count, cap: configuration.maxTransactionBytes)
        }
        let response: CheckTxResponse
        do {
            response = try application.checkTx(transaction, kind: .new)
        } catch {
            throw .application(error)
        }
        guard response.isOK else {
            metrics.rejected += 1
            let error = MempoolError.rejected(code: response.code, log: response.log)
            cache.record(hash, .rejected(error))
            throw error
        }
        let sender = response.sender.map(MempoolSender.account) ?? .transaction(hash)
        let nonce = response.nonce ?? 0
        let entry = MempoolEntry(
            transaction: transaction, hash: hash, priority: response.priority, sender: sender, nonce: nonce,
            sequence: latestSequence + 1, admittedAfterHeight: lastHeight)
        do {
            try checkSenderOrder(entry)
            let evicted = try makeRoom(for: entry)
            insert(entry)
            metrics.admitted += 1
            return Admission(hash: hash, priority: entry.priority, evicted: evicted)
        } catch {
            // The application accepted it: its check state now expects the sender's next nonce.
            noteGap(sender, at: nonce)
            cache.record(hash, .rejected(error))
            throw error
        }
    }

    /// Throws if `hash` is waiting, was committed recently, or was rejected since the last block.
    private func refuseKnown(_ hash: Hash) throws(MempoolError) {
        if entries[hash] != nil {
            metrics.cacheHits += 1
            cache.touch(hash)
            throw .alreadyInMempool(hash)
        }
        switch cache.status(of: hash) {
        case .committed:
            metrics.cacheHits += 1
            cache.touch(hash)
            throw .alreadyCommitted(hash)
        case .rejected(let error):
            metrics.cacheHits += 1
            cache.touch(hash)
            throw .recentlyRejected(hash, because: error)
        case .pending, nil:
            return
        }
    }

    /// Throws if the sender's chain cannot take `entry`: an earlier nonce left without a block, or the nonce is
    /// taken.
    private func checkSenderOrder(_ entry: MempoolEntry) throws(MempoolError) {
        if let missing = gaps[entry.sender] {
            guard entry.nonce <= missing else { throw .senderGap(sender: entry.sender, missingNonce: missing) }
            // The missing nonce itself is back (the application accepted it again): the gap is closed.
            if entry.nonce == missing { gaps[entry.sender] = nil }
        }
        let taken = chains[entry.sender]?.contains { entries[$0]?.nonce == entry.nonce } ?? false
        guard !taken else { throw .nonceTaken(sender: entry.sender, nonce: entry.nonce) }
    }

    /// Remembers that `sender`'s nonce `nonce` left the mempool without a block.
    func noteGap(_ sender: MempoolSender, at nonce: UInt64) {
        guard case .account = sender else { return }
        gaps[sender] = min(gaps[sender] ?? .max, nonce)
    }

    /// Adds an admitted entry to every index.
    private func insert(_ entry: MempoolEntry) {
        latestSequence = entry.sequence
        entries[entry.hash] = entry
        totalBytes += entry.byteCount
        arrivals.append((entry.sequence, entry.hash))
        var chain = chains[entry.sender] ?? []
        // Binary search for the nonce's place; a sender's nonces usually arrive in order, at the end.
        var low = 0
        var high = chain.count
        while low < high {
            let middle = (low + high) / 2
            if (entries[chain[middle]]?.nonce ?? 0) < entry.nonce { low = middle + 1 } else { high = middle }
        }
        chain.insert(entry.hash, at: low)
        chains[entry.sender] = chain
        cache.record(entry.hash, .pending)
    }

    /// Removes a waiting transaction from every index (the cache is the caller's business).
    @discardableResult
    func remove(_ hash: Hash) -> MempoolEntry? {
        guard let entry = entries.removeValue(forKey: hash) else { return nil }
        totalBytes -= entry.byteCount
        if var chain = chains[entry.sender], let position = chain.firstIndex(of: hash) {
            chain.remove(at: position)
            chains[entry.sender] = chain.isEmpty ? nil : chain
        }
        compactArrivalsIfSparse()
        return entry
    }

    /// Drops the arrival records of departed transactions once they outnumber the living ones.
    private func compactArrivalsIfSparse() {
        guard arrivals.count > 2 * entries.count + 1_024 else { return }
        arrivals.removeAll { entries[$0.hash]?.sequence != $0.sequence }
    }

    /// The waiting entries in admission order.
    var entriesInArrivalOrder: [MempoolEntry] {
        arrivals.compactMap { arrival in
            guard let entry = entries[arrival.hash], entry.sequence == arrival.sequence else { return nil }
            return entry
        }
    }
}
