/// Counters of what the mempool did since it was created, for logs and Prometheus.
public struct MempoolMetrics: Hashable, Sendable {
    /// Transactions admitted.
    public var admitted: UInt64 = 0
    /// Transactions the application rejected on first check, or that were too large.
    public var rejected: UInt64 = 0
    /// Transactions refused because the mempool was full (none could be evicted for them).
    public var refusedFull: UInt64 = 0
    /// Transactions evicted for a higher-priority one.
    public var evicted: UInt64 = 0
    /// Transactions removed because a block committed them.
    public var committed: UInt64 = 0
    /// Transactions dropped because they failed a recheck after a block.
    public var recheckDropped: UInt64 = 0
    /// Submissions answered from the cache of recent hashes, without asking the application.
    public var cacheHits: UInt64 = 0

    /// All counters at zero.
    public init() {}
}
