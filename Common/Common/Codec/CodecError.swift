/// Why canonical decoding failed, and where (`offset` is the byte position in the input).
public enum CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended `needed` bytes short while reading `what`.
    case truncated(what: String, offset: Int, needed: Int)
    /// A varint used more bytes than its value needs (canonical form is the shortest).
    case nonMinimalVarint(offset: Int)
    /// A varint does not fit the integer type being read.
    case varintOverflow(offset: Int, bits: Int)
    /// A length prefix is above the cap for that field.
    case lengthOverCap(what: String, offset: Int, length: UInt64, cap: Int)
    /// Bytes remain after the value was fully decoded.
    case trailingBytes(offset: Int, count: Int)
    /// A tag or discriminator byte names no known case.
    case unknownTag(what: String, offset: Int, tag: UInt64)
    /// A field decoded but its value is not allowed (not canonical, out of range).
    case invalidValue(what: String, offset: Int, reason: String)

    /// The byte offset at which decoding failed.
    public var offset: Int {
        switch self {
        case .truncated(_, let offset, _), .nonMinimalVarint(let offset), .varintOverflow(let offset, _),
            .lengthOverCap(_, let offset, _, _), .trailingBytes(let offset, _), .unknownTag(_, let offset, _),
            .invalidValue(_, let offset, _):
            offset
        }
    }

    public var description: String {
        switch self {
        case .truncated(let what, let offset, let needed):
            "truncated input: \(what) at offset \(offset) needs \(needed) more byte(s)"
        case .nonMinimalVarint(let offset):
            "non-canonical varint at offset \(offset): encoded with more bytes than its value needs"
        case .varintOverflow(let offset, let bits):
            "varint at offset \(offset) does not fit in \(bits) bits"
        case .lengthOverCap(let what, let offset, let length, let cap):
            "\(what) at offset \(offset) has length \(length), above its cap of \(cap)"
        case .trailingBytes(let offset, let count):
            "\(count) trailing byte(s) after the value, starting at offset \(offset)"
        case .unknownTag(let what, let offset, let tag):
            "unknown \(what) tag \(tag) at offset \(offset)"
        case .invalidValue(let what, let offset, let reason):
            "invalid \(what) at offset \(offset): \(reason)"
        }
    }
}
