import Common

/// A point in time as the consensus engine decided it: nanoseconds since the Unix epoch (UTC).
///
/// Block and evidence times come into the application as inputs; the application never reads a clock.
/// Encoded canonically as the 8 bytes of the signed count, little-endian two's complement.
public struct Timestamp: Hashable, Comparable, Sendable, Codable {
    /// Nanoseconds since 1970-01-01T00:00:00Z; negative before it.
    public var nanosecondsSinceEpoch: Int64

    /// The epoch itself.
    public static let epoch = Timestamp(nanosecondsSinceEpoch: 0)

    /// A timestamp `nanosecondsSinceEpoch` nanoseconds after the Unix epoch.
    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// Earlier times order first.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    /// Decodes a JSON integer of nanoseconds.
    public init(from decoder: any Decoder) throws {
        nanosecondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes a JSON integer of nanoseconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanosecondsSinceEpoch)
    }
}

extension Timestamp: CustomStringConvertible {
    /// Seconds and nanoseconds since the epoch, e.g. `1700000000.000000001s`.
    public var description: String {
        let seconds = nanosecondsSinceEpoch / 1_000_000_000
        let nanos = nanosecondsSinceEpoch % 1_000_000_000
        let sign = nanosecondsSinceEpoch < 0 && seconds == 0 ? "-" : ""
        let fraction = String(nanos.magnitude)
        return "\(sign)\(seconds).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)s"
    }
}

extension Timestamp: CanonicalCodable {
    /// Writes the 8 bytes of the count, little-endian two's complement.
    public func encode(to writer: inout ByteWriter) {
        writer.writeFixed(UInt64(bitPattern: nanosecondsSinceEpoch))
    }

    /// Reads 8 bytes; every value is canonical.
    public init(from reader: inout ByteReader) throws(CodecError) {
        nanosecondsSinceEpoch = Int64(bitPattern: try reader.readFixed(UInt64.self, "timestamp"))
    }
}
