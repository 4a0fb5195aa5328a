/// A quantity of a chain's token in its base denomination (on L1 `ustrata`, a millionth of a strata; L2 balances
/// use the same unit, so deposits and withdrawals cross the bridge one to one).
///
/// Arithmetic is checked: ``adding(_:)`` and ``subtracting(_:)`` return `nil` instead of overflowing,
/// and the caller turns that into a transaction error. Encoded canonically as a varint of up to 128 bits,
/// and in JSON as a string of decimal digits (JSON numbers lose precision above 2^53).
public struct Amount: Hashable, Comparable, Sendable {
    /// The number of base units.
    public var value: UInt128

    /// Nothing.
    public static let zero = Amount(0)

    /// The largest amount, 2^128 - 1.
    public static let max = Amount(UInt128.max)

    /// An amount of `value` base units.
    public init(_ value: UInt128) {
        self.value = value
    }

    /// Parses decimal digits only (no sign, no spaces, no leading zeros except `0` itself); `nil` otherwise or
    /// above 2^128 - 1.
    public init?(decimal text: String) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= 39, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        guard utf8.count == 1 || utf8[0] != UInt8(ascii: "0") else { return nil }
        guard let value = UInt128(text) else { return nil }
        self.value = value
    }

    /// Whether this is zero.
    public var isZero: Bool { value == 0 }

    /// `self + other`, or `nil` if the sum is above 2^128 - 1.
    public func adding(_ other: Amount) -> Amount? {
        let (sum, overflow) = value.addingReportingOverflow(other.value)
        return overflow ? nil : Amount(sum)
    }

    /// `self - other`, or `nil` if `other` is larger.
    public func subtracting(_ other: Amount) -> Amount? {
        let (difference, overflow) = value.subtractingReportingOverflow(other.value)
        return overflow ? nil : Amount(difference)
    }

    /// The smaller amount comes first.
    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.value < rhs.value }

    /// The amount followed by its denomination, e.g. `250ustrata`.
    public func formatted(_ denom: String) -> String { "\(value)\(denom)" }
}

extension Amount: CustomStringConvertible {
    /// The decimal number of base units.
    public var description: String { String(value) }
}

extension Amount: ExpressibleByIntegerLiteral {
    /// An amount written as a literal, e.g. `let fee: Amount = 250`.
    public init(integerLiteral value: UInt64) {
        self.init(UInt128(value))
    }
}

extension Amount: Codable {
    /// Decodes a JSON string of decimal digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let amount = Amount(decimal: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "amount \"\(text)\" is not a decimal number of base units below 2^128")
        }
        self = amount
    }

    /// Encodes a JSON string of decimal digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Amount: CanonicalCodable {
    /// Writes a varint (LEB128, up to 19 bytes).
    public func encode(to writer: inout ByteWriter) {
        writer.writeVarint(value)
    }

    /// Reads a minimal varint of at most 128 bits.
    public init(from reader: inout ByteReader) throws(CodecError) {
        value = try reader.readVarint(UInt128.self, "amount")
    }
}
