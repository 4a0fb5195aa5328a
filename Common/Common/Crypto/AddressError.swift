/// Why a string or bytes are not a Strata account address.
public enum AddressError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bech32 checksum does not match: the address was mistyped or altered.
    case invalidChecksum
    /// The address has another prefix (human-readable part) than `expected`.
    case wrongPrefix(expected: String, got: String)
    /// The address carries `got` bytes instead of 20.
    case wrongLength(expected: Int, got: Int)
    /// The string is not well-formed bech32 for another reason (bad character, mixed case, no separator...).
    case invalidEncoding(Bech32Error)

    /// A sentence saying what was wrong, for logs and RPC error messages.
    public var description: String {
        switch self {
        case .invalidChecksum:
            "address checksum does not match: the address was mistyped or altered"
        case .wrongPrefix(let expected, let got):
            "address prefix must be \"\(expected)\", got \"\(got)\""
        case .wrongLength(let expected, let got):
            "address must carry \(expected) bytes, got \(got)"
        case .invalidEncoding(let error):
            "address is not valid bech32: \(error)"
        }
    }
}
