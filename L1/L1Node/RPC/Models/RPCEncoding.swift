import Common

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How RPC responses spell values, in one place so every route is consistent (docs/rpc.md, "Encodings"):
///
/// - heights, counts, powers and other 64-bit numbers: decimal strings (`"42"`), as CometBFT does;
/// - hashes, addresses and node ids: upper-case hex without `0x`;
/// - transactions, signatures, public keys, query keys, values and proofs: standard base64 with padding;
/// - times: RFC 3339 in UTC with up to nine fraction digits (`2026-11-21T10:00:00.5Z`).
enum RPCEncoding {
    /// Upper-case hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String { Hex.encode(bytes).uppercased() }

    /// Upper-case hex of a hash.
    static func hex(_ hash: Hash) -> String { hex(hash.bytes) }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes standard base64 (padding required); `nil` if it is not base64.
    static func base64Decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        return Array(data)
    }

    /// A time of `nanoseconds` since the Unix epoch as RFC 3339 in UTC, fraction trimmed of trailing zeros
    /// (Go's `RFC3339Nano`, which CometBFT uses).
    static func time(nanoseconds: UInt64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        let fraction = nanoseconds % 1_000_000_000
        let days = Int64(seconds / 86_400)
        let secondOfDay = Int(seconds % 86_400)
        let (year, month, day) = civil(daysSinceEpoch: days)
        var text = pad(Int(year), 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 {
            var digits = pad(Int(fraction), 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's `civil_from_days`).
    static func civil(daysSinceEpoch: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
