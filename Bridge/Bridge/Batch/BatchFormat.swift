import Common

/// Constants of the batch format (docs/l2-batches.md).
///
/// A batch's data is `version (1) || optional<hash> dictionary || one zstd frame`; the frame's content is the
/// column section, a fixed sequence of length-prefixed columns. Which kinds have their payloads split into
/// field columns is part of the version: splitting another kind is a new version.
public enum BatchFormat {
    /// The version this code writes and reads.
    public static let version: UInt8 = 1

    /// The most bytes of a chain id in the chain-id table (the transaction codec's cap).
    static let maxChainIDBytes = 50
}

/// Zigzag coding of a wrapping difference: small steps either way become small varints, and every `UInt64`
/// difference has exactly one code, so delta columns stay canonical for any input.
enum ZigZag {
    /// The code of `value &- base`.
    static func encode(_ value: UInt64, from base: UInt64) -> UInt64 {
        let signed = Int64(bitPattern: value &- base)
        return UInt64(bitPattern: (signed << 1) ^ (signed >> 63))
    }

    /// The value whose code against `base` is `code`.
    static func decode(_ code: UInt64, from base: UInt64) -> UInt64 {
        base &+ ((code >> 1) ^ (0 &- (code & 1)))
    }
}
