import L2Runtime

/// The counts and latencies of a load run so far.
public struct LoadSummary: Sendable {
    /// Transactions submitted (answered or not).
    public var submitted = 0
    /// Transactions submitted, by kind.
    public var submittedByKind: [TransactionKind: Int] = [:]
    /// Transactions confirmed (in a block), successful or failed.
    public var confirmed = 0
    /// Confirmed transactions that failed, by reason code.
    public var failedByReason: [UInt16: Int] = [:]
    /// Refused transactions, by ingest error name.
    public var refusedByCode: [String: Int] = [:]
    /// Seconds since the run started.
    public var elapsedSeconds = 0.0
    /// Request-to-confirmation latencies of the confirmed transactions (each its batch's round trip), counted in
    /// buckets of ``latencyResolution`` up to ``latencyCap``; the last bucket holds everything slower. A fixed
    /// size, however long the run.
    var latencyBuckets = [Int](repeating: 0, count: Int(latencyCap / latencyResolution) + 1)

    /// The width of a latency bucket: 0.1 ms.
    static let latencyResolution = 0.000_1
    /// The slowest latency told apart: 10 s (slower ones are reported as 10 s).
    static let latencyCap = 10.0

    /// An empty summary.
    public init() {}

    /// The kinds submitted, most first: `requestExecution 400, reportExecution 500, ...`.
    public var mix: String {
        submittedByKind.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            .map { "\($0.key.name) \($0.value)" }.joined(separator: ", ")
    }

    /// Refused transactions.
    public var refused: Int { refusedByCode.values.reduce(0, +) }
    /// Confirmed transactions that failed.
    public var failed: Int { failedByReason.values.reduce(0, +) }
    /// Confirmations per second over the run.
    public var confirmedPerSecond: Double { elapsedSeconds > 0 ? Double(confirmed) / elapsedSeconds : 0 }

    /// Counts `outcomes`, answered `latency` seconds after their batch was sent.
    public mutating func record(_ outcomes: [LoadOutcome], latency: Double) {
        let clamped = latency.isFinite ? min(max(latency, 0), Self.latencyCap) : Self.latencyCap
        let bucket = min(Int((clamped / Self.latencyResolution).rounded(.up)), latencyBuckets.count - 1)
        for outcome in outcomes {
            switch outcome {
            case .confirmed(let reason):
                confirmed += 1
                latencyBuckets[bucket] += 1
                if let reason { failedByReason[reason.rawValue, default: 0] += 1 }
            case .refused(let code, let name):
                refusedByCode["\(name) (\(code))", default: 0] += 1
            }
        }
    }

    /// The latency below which `fraction` of the confirmations came (0.5: the median), in seconds, rounded up to
    /// 0.1 ms; 0 if none.
    public func latency(percentile fraction: Double) -> Double {
        guard confirmed > 0 else { return 0 }
        let rank = max(Int((fraction * Double(confirmed)).rounded(.up)), 1)
        var seen = 0
        for (bucket, count) in latencyBuckets.enumerated() {
            seen += count
            if seen >= rank { return Double(bucket) * Self.latencyResolution }
        }
        return Self.latencyCap
    }

    /// One line: counts, rate, latency percentiles, and refusals and failures by code.
    public var line: String {
        var text =
            "submitted \(submitted)  confirmed \(confirmed)  failed \(failed)  refused \(refused)  "
            + "tps \(Self.format(confirmedPerSecond, 1))  p50 \(Self.format(latency(percentile: 0.5) * 1000, 1)) ms  "
            + "p99 \(Self.format(latency(percentile: 0.99) * 1000, 1)) ms  elapsed \(Self.format(elapsedSeconds, 1)) s"
        if !refusedByCode.isEmpty {
            text +=
                "  refused: "
                + refusedByCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        if !failedByReason.isEmpty {
            text +=
                "  failed: "
                + failedByReason.sorted { $0.key < $1.key }.map { reason, count in
                    "\(FailureReason(rawValue: reason).map { "\($0)" } ?? "reason") (\(reason)) \(count)"
                }.joined(separator: ", ")
        }
        return text
    }

    /// `value` with `digits` decimals, without Foundation.
    static func format(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(abs(scaled) % Int(scale))
        guard digits > 0 else { return "\(whole)" }
        return "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }
}
