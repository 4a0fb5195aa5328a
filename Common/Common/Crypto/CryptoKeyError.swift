/// Why bytes or text could not be turned into a key or a signature.
public enum CryptoKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input for `kind` (e.g. "account public key") had `actual` bytes instead of `expected`.
    case wrongLength(kind: String, expected: Int, actual: Int)
    /// The text for `kind` is not hexadecimal (odd length or a non-hex character).
    case invalidHex(kind: String)
    /// A secp256k1 secret key is zero or not below the group order n.
    case secretKeyOutOfRange
    /// An x-only public key is not the x coordinate of a secp256k1 point (or is not below the field size p).
    case publicKeyNotOnCurve
    /// An Ed25519 public key is not the canonical encoding of a point of prime order (it is off the curve,
    /// non-canonical, or of small order).
    case invalidEd25519PublicKey
    /// A BIP-340 signature's `s` is not below the group order n: no valid signature has it.
    case signatureScalarOutOfRange

    /// A sentence saying what was wrong, for logs and RPC error messages.
    public var description: String {
        switch self {
        case .wrongLength(let kind, let expected, let actual):
            "\(kind) must be \(expected) bytes, got \(actual)"
        case .invalidHex(let kind):
            "\(kind) is not valid hexadecimal (expected an even number of 0-9, a-f digits)"
        case .secretKeyOutOfRange:
            "account secret key is zero or not below the secp256k1 group order; generate a new key"
        case .publicKeyNotOnCurve:
            "account public key is not the x coordinate of a point on secp256k1"
        case .invalidEd25519PublicKey:
            "Ed25519 public key is not a canonical point of prime order (off the curve, non-canonical or small order)"
        case .signatureScalarOutOfRange:
            "Schnorr signature's s is not below the secp256k1 group order, so it cannot be valid"
        }
    }
}
