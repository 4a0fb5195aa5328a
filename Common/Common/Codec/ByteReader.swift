/// Reads values in Strata's canonical binary encoding, rejecting anything non-canonical.
///
/// Every read checks bounds and throws a ``CodecError`` naming the field and offset; nothing
/// here traps on malformed input. Length-prefixed reads take a cap, so a hostile length cannot
/// make the reader allocate more than the caller allowed.
public struct ByteReader: Sendable {
    @usableFromInline let bytes: [UInt8]
    /// The position of the next byte to read (stored here so the inlinable reads can advance it).
    @usableFromInline var position: Int
    /// The position of the next byte to read.
    public var offset: Int { position }

    /// Creates a reader over `bytes`, starting at offset 0.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
    }

    /// Creates a reader over a copy of `bytes`.
    public init(_ bytes: some Sequence<UInt8>) {
        self.init(Array(bytes))
    }

    /// The number of bytes not yet read.
    @inlinable
    public var remaining: Int { bytes.count - offset }

    /// Whether every byte has been read.
    @inlinable
    public var isAtEnd: Bool { offset == bytes.count }

    /// Throws ``CodecError/trailingBytes(offset:count:)`` unless every byte has been read.
    @inlinable
    public func expectEnd() throws(CodecError) {
        if offset != bytes.count { throw .trailingBytes(offset: offset, count: bytes.count - offset) }
    }

    @inlinable
    func require(_ count: Int, _ what: @autoclosure () -> String) throws(CodecError) {
        if count < 0 { throw .invalidValue(what: what(), offset: offset, reason: "negative length \(count)") }
        if count > bytes.count - offset {
            throw .truncated(what: what(), offset: offset, needed: count - (bytes.count - offset))
        }
    }

    /// Reads one byte.
    @inlinable
    public mutating func readUInt8(_ what: @autoclosure () -> String = "byte") throws(CodecError) -> UInt8 {
        try require(1, what())
        defer { position += 1 }
        return bytes[offset]
    }

    /// Reads a boolean; only 0 and 1 are canonical.
    @inlinable
    public mutating func readBool(_ what: @autoclosure () -> String = "bool") throws(CodecError) -> Bool {
        let at = offset
        switch try readUInt8(what()) {
        case 0: return false
        case 1: return true
        case let other: throw .invalidValue(what: what(), offset: at, reason: "boolean byte \(other) is not 0 or 1")
        }
    }

    /// Reads a fixed-width little-endian unsigned integer.
    @inlinable
    public mutating func readFixed<T: FixedWidthInteger & UnsignedInteger>(
        _ type: T.Type, _ what: @autoclosure () -> String = "integer"
    ) throws(CodecError) -> T {
        let size = MemoryLayout<T>.size
        try require(size, what())
        var value: T = 0
        for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
        position += size
        return value
    }

    /// Reads an unsigned LEB128 varint into `T` (up to `UInt128`); rejects non-minimal encodings and
    /// values wider than `T`.
    @inlinable
    public mutating func readVarint<T: FixedWidthInteger & UnsignedInteger>(
        _ type: T.Type = UInt64.self, _ what: @autoclosure () -> String = "varint"
    ) throws(CodecError) -> T {
        let start = offset
        var result: T = 0
        var shift = 0
        while true {
            guard offset < bytes.count else { throw .truncated(what: what(), offset: offset, needed: 1) }
            let byte = bytes[offset]
            position += 1
            let payload = T(byte & 0x7F)
            // The payload's bits must land inside T.
            if shift > T.bitWidth - 7 && payload >> (T.bitWidth - shift) != 0 {
                throw .varintOverflow(offset: start, bits: T.bitWidth)
            }
            result |= payload << shift
            if byte & 0x80 == 0 {
                // A last byte of zero after other bytes means a shorter encoding existed.
                if byte == 0 && offset - start > 1 { throw .nonMinimalVarint(offset: start) }
                return result
            }
            shift += 7
            // A continuation past the type's width is an overflow, whatever follows.
            if shift >= T.bitWidth { throw .varintOverflow(offset: start, bits: T.bitWidth) }
        }
    }

    /// Reads a length or count prefix and checks it against `cap`.
    @inlinable
    public mutating func readLength(cap: Int, _ what: @autoclosure () -> String = "length") throws(CodecError) -> Int {
        precondition(cap >= 0, "a cap is never negative")
        let start = offset
        let length: UInt64 = try readVarint(UInt64.self, what())
        guard length <= UInt64(cap) else { throw .lengthOverCap(what: what(), offset: start, length: length, cap: cap) }
        return Int(length)
    }

    /// Reads exactly `count` raw bytes.
    @inlinable
    public mutating func readRaw(count: Int, _ what: @autoclosure () -> String = "bytes") throws(CodecError) -> [UInt8]
    {
        try require(count, what())
        defer { position += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a 32-byte hash.
    @inlinable
    public mutating func readHash(_ what: @autoclosure () -> String = "hash") throws(CodecError) -> Hash {
        try require(32, what())
        defer { position += 32 }
        return bytes.withUnsafeBytes { Hash(unsafeBytes: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + 32])) }
    }

    /// Reads a length-prefixed byte string of at most `cap` bytes.
    @inlinable
    public mutating func readBytes(cap: Int, _ what: @autoclosure () -> String = "bytes") throws(CodecError) -> [UInt8]
    {
        let count = try readLength(cap: cap, what())
        return try readRaw(count: count, what())
    }

    /// Reads a length-prefixed UTF-8 string of at most `cap` bytes; rejects invalid UTF-8.
    public mutating func readString(cap: Int, _ what: @autoclosure () -> String = "string") throws(CodecError) -> String
    {
        let start = offset
        let raw = try readBytes(cap: cap, what())
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw .invalidValue(what: what(), offset: start, reason: "not valid UTF-8")
        }
        return string
    }

    /// Reads a value of a canonically decodable type.
    @inlinable
    public mutating func read<T: CanonicalDecodable>(_ type: T.Type) throws(CodecError) -> T {
        try T(from: &self)
    }

    /// Reads a list of at most `cap` elements.
    @inlinable
    public mutating func readList<T: CanonicalDecodable>(
        _ type: T.Type, cap: Int, _ what: @autoclosure () -> String = "list"
    ) throws(CodecError) -> [T] {
        let count = try readLength(cap: cap, what())
        var list = [T]()
        // Reserve no more than the input could possibly hold: each element is at least one byte.
        list.reserveCapacity(min(count, remaining))
        for _ in 0..<count { list.append(try T(from: &self)) }
        return list
    }

    /// Reads an optional written by ``ByteWriter/writeOptional(_:)``.
    @inlinable
    public mutating func readOptional<T: CanonicalDecodable>(_ type: T.Type) throws(CodecError) -> T? {
        let at = offset
        switch try readUInt8("optional flag") {
        case 0: return nil
        case 1: return try T(from: &self)
        case let other: throw .unknownTag(what: "optional flag", offset: at, tag: UInt64(other))
        }
    }
}
