import CSecp256k1

/// An integer modulo the secp256k1 group order `n`, as 32 big-endian bytes (always below `n`).
///
/// The arithmetic is libsecp256k1's own (`secp256k1_ec_seckey_tweak_add` and `_tweak_mul`), which refuses zero
/// operands and zero results; those cases are handled here, so every operation is defined on the whole range.
struct Secp256k1Scalar: Equatable {
    /// The value, big-endian, below `n`.
    let storage: Bytes32

    /// The group order `n`, big-endian.
    static let order: [UInt8] = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!

    static let zero = Secp256k1Scalar(canonical: Bytes32())
    static let one = Secp256k1Scalar(canonical: Bytes32.filled { $0[31] = 1 })

    private init(canonical: Bytes32) {
        storage = canonical
    }

    /// The value of 32 big-endian bytes, or `nil` if it is not below `n`.
    init?(exactly bytes: Bytes32) {
        guard Self.isBelowOrder(bytes) else { return nil }
        storage = bytes
    }

    /// The value of 32 big-endian bytes reduced modulo `n` (as BIP-340 reduces its hashes).
    init(reducing bytes: Bytes32) {
        if Self.isBelowOrder(bytes) {
            storage = bytes
            return
        }
        // 2^256 < 2n, so one subtraction is enough.
        storage = Bytes32.filled { out in
            bytes.withUnsafePointer { value in
                var borrow = 0
                for index in stride(from: 31, through: 0, by: -1) {
                    let difference = Int(value[index]) - Int(Self.order[index]) - borrow
                    out[index] = UInt8(truncatingIfNeeded: difference)
                    borrow = difference < 0 ? 1 : 0
                }
            }
        }
    }

    var isZero: Bool { storage == Bytes32() }

    static func + (lhs: Secp256k1Scalar, rhs: Secp256k1Scalar) -> Secp256k1Scalar {
        if lhs.isZero { return rhs }
        if rhs.isZero { return lhs }
        var sum = lhs.storage
        let ok = sum.withUnsafeMutablePointer { sum in
            rhs.storage.withUnsafePointer { secp256k1_ec_seckey_tweak_add(Secp256k1Context.shared.pointer, sum, $0) }
        }
        // Both operands are valid keys, so the only refusal is a sum of zero.
        return ok == 1 ? Secp256k1Scalar(canonical: sum) : .zero
    }

    static func * (lhs: Secp256k1Scalar, rhs: Secp256k1Scalar) -> Secp256k1Scalar {
        if lhs.isZero || rhs.isZero { return .zero }
        var product = lhs.storage
        let ok = product.withUnsafeMutablePointer { product in
            rhs.storage.withUnsafePointer {
                secp256k1_ec_seckey_tweak_mul(Secp256k1Context.shared.pointer, product, $0)
            }
        }
        // n is prime, so the product of two non-zero values below n is never zero.
        precondition(ok == 1, "libsecp256k1 refused to multiply two non-zero scalars")
        return Secp256k1Scalar(canonical: product)
    }

    private static func isBelowOrder(_ bytes: Bytes32) -> Bool {
        bytes.withUnsafePointer { value in
            for index in 0..<32 where value[index] != order[index] {
                return value[index] < order[index]
            }
            return false
        }
    }
}
