import Common
import Testing

@testable import L1Node

@Suite("Token bucket and redial backoff")
struct LimitsTests {
    static let second: UInt64 = 1_000_000_000

    @Test("the bucket starts full, goes into debt, and says how long to wait for the debt to be repaid")
    func bucketDebt() {
        var bucket = TokenBucket(bytesPerSecond: 1000, burst: 500, now: 0)
        bucket.consume(500, now: 0)
        #expect(bucket.waitBeforeNextRead(now: 0) == 0, "an empty bucket still allows a read")
        bucket.consume(250, now: 0)
        #expect(bucket.tokens == -250)
        #expect(bucket.waitBeforeNextRead(now: 0) == Self.second / 4)
        #expect(bucket.waitBeforeNextRead(now: Self.second / 8) == Self.second / 8)
        #expect(bucket.waitBeforeNextRead(now: Self.second / 4) == 0)
    }

    @Test("refills at the rate, keeps fractions of a token, and never beyond the burst")
    func bucketRefill() {
        var bucket = TokenBucket(bytesPerSecond: 3, burst: 10, now: 0)
        bucket.consume(10, now: 0)
        for step in 1...9 { bucket.refill(now: UInt64(step) * Self.second / 9) }
        #expect(bucket.tokens == 3, "nine ninths of a second earn three tokens, none lost to rounding")
        bucket.refill(now: 100 * Self.second)
        #expect(bucket.tokens == 10)
    }

    @Test("the backoff doubles from the base up to the max, and jitter stays within its spread")
    func backoff() {
        var random = SplitMix64(seed: 1)
        let plain = Backoff(base: .milliseconds(100), max: .seconds(1), jitter: 0)
        #expect(plain.delay(afterFailures: 0, using: &random) == .milliseconds(100))
        #expect(plain.delay(afterFailures: 1, using: &random) == .milliseconds(200))
        #expect(plain.delay(afterFailures: 3, using: &random) == .milliseconds(800))
        #expect(plain.delay(afterFailures: 4, using: &random) == .seconds(1))
        #expect(plain.delay(afterFailures: 1000, using: &random) == .seconds(1))

        let jittered = Backoff(base: .milliseconds(100), max: .seconds(10), jitter: 0.2)
        var seen = Set<Duration>()
        for _ in 0..<100 {
            let delay = jittered.delay(afterFailures: 2, using: &random)
            #expect(delay >= .milliseconds(320) && delay <= .milliseconds(480))
            seen.insert(delay)
        }
        #expect(seen.count > 50, "jitter spreads the delays")
    }
}
