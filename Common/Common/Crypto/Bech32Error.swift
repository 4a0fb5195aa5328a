/// Why a string is not valid bech32 (BIP-173), or why bytes cannot be regrouped into or out of 5-bit values.
public enum Bech32Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The string is longer than the 90 characters bech32 allows.
    case tooLong(length: Int)
    /// The character at `position` (counted in Unicode scalars) is outside printable US-ASCII (33...126).
    case invalidCharacter(position: Int)
    /// The string mixes upper and lower case letters.
    case mixedCase
    /// There is no `1` separating the human-readable part from the data.
    case missingSeparator
    /// The human-readable part (before the last `1`) is empty.
    case emptyHumanReadablePart
    /// Fewer than 6 characters follow the separator, so there is no room for the checksum.
    case checksumTooShort(dataLength: Int)
    /// The data character at `position` is not in the bech32 alphabet `qpzry9x8gf2tvdw0s3jn54khce6mua7l`.
    case invalidDataCharacter(Character, position: Int)
    /// The checksum does not match: the string was mistyped or altered.
    case invalidChecksum
    /// Regrouping 5-bit values into bytes left more than 4 bits, or non-zero bits, over.
    case invalidPadding
    /// A value does not fit in `bits` bits (data values given to the encoder must be below 32).
    case valueOutOfRange(value: UInt8, bits: Int)

    /// A sentence saying what was wrong, for logs and RPC error messages.
    public var description: String {
        switch self {
        case .tooLong(let length):
            "bech32 string is \(length) characters long; the limit is 90"
        case .invalidCharacter(let position):
            "character at position \(position) is not printable US-ASCII"
        case .mixedCase:
            "bech32 string mixes upper and lower case; use one case"
        case .missingSeparator:
            "bech32 string has no '1' separator between prefix and data"
        case .emptyHumanReadablePart:
            "bech32 string has an empty prefix before the '1' separator"
        case .checksumTooShort(let dataLength):
            "bech32 data part has \(dataLength) characters; at least 6 (the checksum) are needed"
        case .invalidDataCharacter(let character, let position):
            "character '\(character)' at position \(position) is not in the bech32 alphabet"
        case .invalidChecksum:
            "bech32 checksum does not match: the string was mistyped or altered"
        case .invalidPadding:
            "bech32 data has invalid padding: it does not encode whole bytes"
        case .valueOutOfRange(let value, let bits):
            "value \(value) does not fit in \(bits) bits"
        }
    }
}
