/// The caps of the sequencer's mempool, which holds only transactions that arrived ahead of their sender's
/// next nonce (a transaction with the right nonce executes at once).
public struct MempoolLimits: Hashable, Sendable {
    /// The most waiting transactions per sender.
    public var maxPerSender: Int
    /// The most waiting transactions in all.
    public var maxTransactions: Int
    /// The most bytes of waiting transactions in all.
    public var maxBytes: Int
    /// How far ahead of the sender's next nonce a transaction may be and still wait.
    public var maxNonceGap: UInt64
    /// How long a transaction may wait for its gap to fill, in milliseconds, before it expires.
    public var ttlMillis: UInt64

    /// Creates limits; the defaults suit a sequencer taking a few thousand transactions a second.
    public init(
        maxPerSender: Int = 64, maxTransactions: Int = 20_000, maxBytes: Int = 32 << 20, maxNonceGap: UInt64 = 64,
        ttlMillis: UInt64 = 30_000
    ) {
        self.maxPerSender = maxPerSender
        self.maxTransactions = maxTransactions
        self.maxBytes = maxBytes
        self.maxNonceGap = maxNonceGap
        self.ttlMillis = ttlMillis
    }
}
