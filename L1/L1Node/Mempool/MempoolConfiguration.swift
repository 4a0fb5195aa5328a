import L1App

extension Mempool {
    /// The mempool's limits. Every one of them bounds memory: the transactions by count, by total bytes and by
    /// size each, the cache of recent hashes by count, and the work of one admission by the evictions it may make.
    public struct Configuration: Hashable, Sendable {
        /// The most transactions held.
        public var maxTransactions: Int
        /// The most bytes held, summing the transactions' sizes.
        public var maxTotalBytes: Int
        /// The largest transaction accepted.
        public var maxTransactionBytes: Int
        /// The most recent transaction hashes remembered (pending, committed or rejected), so gossip does not
        /// check the same bytes twice. Should be well above ``maxTransactions``.
        public var cacheCapacity: Int
        /// The most transactions one admission may evict to make room.
        public var maxEvictionsPerAdmission: Int
        /// The denomination of the application's priority (the fee), for error messages.
        public var denomination: String

        /// Limits; the defaults hold 5,000 transactions or 64 MiB, each at most one L1 transaction's maximum size.
        public init(
            maxTransactions: Int = 5_000, maxTotalBytes: Int = 64 << 20,
            maxTransactionBytes: Int = TransactionLimits.maxBytes, cacheCapacity: Int = 20_000,
            maxEvictionsPerAdmission: Int = 16, denomination: String = "ustrata"
        ) {
            self.maxTransactions = maxTransactions
            self.maxTotalBytes = maxTotalBytes
            self.maxTransactionBytes = maxTransactionBytes
            self.cacheCapacity = cacheCapacity
            self.maxEvictionsPerAdmission = maxEvictionsPerAdmission
            self.denomination = denomination
        }
    }
}
