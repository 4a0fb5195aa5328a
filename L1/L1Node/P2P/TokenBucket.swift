/// A token bucket over bytes: it fills at ``bytesPerSecond`` up to ``burst``, and each received byte takes a token.
///
/// The bucket may go into debt (a read can bring in more bytes than it holds); the reader then waits
/// ``waitBeforeNextRead(now:)`` for the debt to be repaid. Time comes in as a nanosecond count, so the bucket is a
/// pure value that tests drive with any clock.
struct TokenBucket: Sendable, Equatable {
    /// The refill rate.
    let bytesPerSecond: Int
    /// The most tokens the bucket holds.
    let burst: Int
    /// Tokens available now; negative while in debt.
    private(set) var tokens: Int
    /// When ``tokens`` was last brought up to date, in nanoseconds of the caller's clock.
    private var updatedAt: UInt64

    /// A full bucket at time `now`.
    init(bytesPerSecond: Int, burst: Int, now: UInt64) {
        precondition(bytesPerSecond > 0 && burst > 0, "a rate and a burst are positive")
        self.bytesPerSecond = bytesPerSecond
        self.burst = burst
        tokens = burst
        updatedAt = now
    }

    /// Adds the tokens earned since the last update (keeping the fraction of a token already earned).
    mutating func refill(now: UInt64) {
        guard now > updatedAt else { return }
        let elapsed = now - updatedAt
        let missing = UInt64(burst - tokens)
        // Nanoseconds to fill the bucket completely; beyond that the bucket is simply full.
        let fillTime = (missing * 1_000_000_000 + UInt64(bytesPerSecond) - 1) / UInt64(bytesPerSecond)
        if elapsed >= fillTime {
            tokens = burst
            updatedAt = now
            return
        }
        let earned = elapsed * UInt64(bytesPerSecond) / 1_000_000_000
        tokens += Int(earned)
        updatedAt += earned * 1_000_000_000 / UInt64(bytesPerSecond)
    }

    /// Takes `count` tokens, going into debt if needed.
    mutating func consume(_ count: Int, now: UInt64) {
        refill(now: now)
        tokens -= count
    }

    /// How long to wait before the next read: zero when tokens are available, else the time to repay the debt.
    mutating func waitBeforeNextRead(now: UInt64) -> UInt64 {
        refill(now: now)
        guard tokens < 0 else { return 0 }
        let debt = UInt64(-tokens)
        let wait = (debt * 1_000_000_000 + UInt64(bytesPerSecond) - 1) / UInt64(bytesPerSecond)
        return wait - min(wait, now - updatedAt)
    }
}
