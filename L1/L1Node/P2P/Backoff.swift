import Common

/// Exponential backoff with jitter for redialing a peer: the delay after `n` consecutive failures is
/// `min(max, base × 2ⁿ)`, multiplied by a random factor in `[1 − jitter, 1 + jitter]` and capped at `max`.
///
/// Jitter spreads the redials of many nodes that lost the same peer at the same moment.
public struct Backoff: Hashable, Sendable {
    /// The delay before the first retry.
    public var base: Duration
    /// The longest delay.
    public var max: Duration
    /// The relative spread, from 0 (none) to 1.
    public var jitter: Double

    /// A backoff from `base` doubling up to `max`, spread by `jitter`.
    public init(base: Duration, max: Duration, jitter: Double) {
        self.base = base
        self.max = max
        self.jitter = jitter
    }

    /// 1 s doubling up to 1 minute, ±20 %.
    public static let `default` = Backoff(base: .seconds(1), max: .seconds(60), jitter: 0.2)

    /// The delay after `failures` consecutive failures (0 for the wait after a connection that worked dropped).
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let maxSeconds = max.inSeconds
        var seconds = Swift.min(maxSeconds, base.inSeconds * Double(1 << Swift.min(Swift.max(failures, 0), 30)))
        let spread = Swift.min(Swift.max(jitter, 0), 1)
        if spread > 0 {
            seconds *= Double.random(in: (1 - spread)...(1 + spread), using: &generator)
        }
        return .nanoseconds(Int64(Swift.min(seconds, maxSeconds) * 1e9))
    }
}
