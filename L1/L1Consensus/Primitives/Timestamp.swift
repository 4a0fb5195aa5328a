import Common

/// A point in time: nanoseconds since the Unix epoch (UTC). Block times are chosen by the proposer and checked
/// by every validator; the engine never reads a clock, it is handed times as inputs.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public let nanoseconds: UInt64

    /// The time `nanoseconds` after the epoch.
    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The time `milliseconds` after the epoch.
    public init(milliseconds: UInt64) { self.nanoseconds = milliseconds &* 1_000_000 }

    /// The epoch itself.
    public static let epoch = Timestamp(nanoseconds: 0)

    /// Whole milliseconds since the epoch.
    public var milliseconds: UInt64 { nanoseconds / 1_000_000 }

    /// This time moved forward by `duration` (saturating at the largest time).
    public func adding(_ duration: Duration) -> Timestamp {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.nanosecondsClamped)
        return Timestamp(nanoseconds: overflow ? .max : sum)
    }

    /// This time moved back by `duration` (saturating at the epoch).
    public func subtracting(_ duration: Duration) -> Timestamp {
        let delta = duration.nanosecondsClamped
        return Timestamp(nanoseconds: nanoseconds > delta ? nanoseconds - delta : 0)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public var description: String { "\(nanoseconds / 1_000_000_000).\(nanoseconds % 1_000_000_000)s" }
}

extension Timestamp: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.writeVarint(nanoseconds) }
    public init(from reader: inout ByteReader) throws(CodecError) {
        nanoseconds = try reader.readVarint(UInt64.self, "timestamp")
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to `0...UInt64.max` (a negative duration is zero).
    public var nanosecondsClamped: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (sum, overflow2) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        return overflow2 ? .max : sum
    }
}
