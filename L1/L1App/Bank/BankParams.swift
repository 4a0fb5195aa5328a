import Common

/// The bank's parameters, set at genesis and stored in the state (so they can be proven and, later, changed
/// by governance).
public struct BankParams: Hashable, Sendable {
    /// The base denomination's name, e.g. `ustrata`: 3 to 64 characters, a lower-case letter then lower-case
    /// letters and digits.
    public var denom: String
    /// The smallest fee a transaction may pay, in the base denomination.
    public var minFee: Amount

    /// Creates parameters.
    public init(denom: String, minFee: Amount) {
        self.denom = denom
        self.minFee = minFee
    }

    /// The longest denomination, in bytes.
    public static let maxDenomBytes = 64

    /// The state key of the parameters: namespace `bank/params`, empty key.
    public static let stateKey = StateKey(namespace: "bank/params", key: [])

    /// Whether `denom` is a valid denomination: 3 to 64 of `a-z0-9`, starting with a letter.
    public static func isValidDenom(_ denom: String) -> Bool {
        let utf8 = Array(denom.utf8)
        guard (3...maxDenomBytes).contains(utf8.count), let first = utf8.first, isLowercaseLetter(first) else {
            return false
        }
        return utf8.allSatisfy { isLowercaseLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }
}

extension BankParams: Codable {
    private enum CodingKeys: String, CodingKey {
        case denom
        case minFee = "min_fee"
    }
}

extension BankParams: CanonicalCodable {
    /// `string(denom) || varint(minFee)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(denom)
        writer.write(minFee)
    }

    /// Reads the denomination (at most 64 bytes) then the minimum fee.
    public init(from reader: inout ByteReader) throws(CodecError) {
        denom = try reader.readString(cap: Self.maxDenomBytes, "denom")
        minFee = try reader.read(Amount.self)
    }
}
