/// A per-peer limit on received bytes: a token bucket refilled at `bytesPerSecond`, holding at most `burst`.
///
/// A peer that sends faster is throttled, not disconnected: the node stops reading its socket until the bucket has
/// refilled, so TCP flow control slows the sender down (as CometBFT's `recv_rate` does). Honest peers sending a
/// large block are delayed, never dropped; a flooding peer gets no more than its share.
public struct RateLimit: Hashable, Sendable {
    /// The sustained rate, in bytes per second.
    public var bytesPerSecond: Int
    /// The most bytes taken in one go after a quiet period.
    public var burst: Int

    /// A limit of `bytesPerSecond`, with bursts up to `burst` bytes.
    public init(bytesPerSecond: Int, burst: Int) {
        self.bytesPerSecond = bytesPerSecond
        self.burst = burst
    }

    /// 5 MB/s with 1 MiB bursts (CometBFT's default receive rate).
    public static let `default` = RateLimit(bytesPerSecond: 5_120_000, burst: 1 << 20)
}
