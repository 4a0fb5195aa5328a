/// Appends values in Strata's canonical binary encoding (docs/encoding.md).
///
/// Integers of fixed width are little-endian; `varint` is unsigned LEB128 in its shortest form;
/// byte strings and lists are prefixed by their length as a varint.
public struct ByteWriter: Sendable {
    /// The bytes written so far (stored here so the inlinable writes can append to it).
    @usableFromInline var storage: [UInt8]
    /// The bytes written so far.
    public var bytes: [UInt8] { storage }

    /// Creates an empty writer, optionally reserving room for `capacity` bytes.
    @inlinable
    public init(capacity: Int = 64) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Appends one byte.
    @inlinable
    public mutating func write(_ value: UInt8) {
        storage.append(value)
    }

    /// Appends a boolean as one byte, 0 or 1.
    @inlinable
    public mutating func write(_ value: Bool) {
        storage.append(value ? 1 : 0)
    }

    /// Appends a fixed-width unsigned integer, little-endian.
    @inlinable
    public mutating func writeFixed<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { storage.append(contentsOf: $0) }
    }

    /// Appends an unsigned LEB128 varint (shortest form), of any width up to `UInt128`.
    @inlinable
    public mutating func writeVarint<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var v = value
        while v >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        storage.append(UInt8(v))
    }

    /// Appends a count or length as a varint.
    @inlinable
    public mutating func writeLength(_ count: Int) {
        precondition(count >= 0, "lengths are never negative")
        writeVarint(UInt64(count))
    }

    /// Appends raw bytes with no prefix (fixed-size fields: hashes, keys, signatures).
    @inlinable
    public mutating func writeRaw(_ raw: some Sequence<UInt8>) {
        storage.append(contentsOf: raw)
    }

    /// Appends the 32 bytes of a hash.
    @inlinable
    public mutating func write(_ hash: Hash) {
        hash.withUnsafeBytes { storage.append(contentsOf: $0) }
    }

    /// Appends a byte string prefixed by its length.
    @inlinable
    public mutating func writeBytes(_ raw: some Collection<UInt8>) {
        writeLength(raw.count)
        storage.append(contentsOf: raw)
    }

    /// Appends a UTF-8 string prefixed by its byte length.
    @inlinable
    public mutating func writeString(_ string: String) {
        // The UTF-8 view appends straight from a native string's storage, without an intermediate array.
        writeLength(string.utf8.count)
        storage.append(contentsOf: string.utf8)
    }

    /// Appends a value's canonical encoding.
    @inlinable
    public mutating func write(_ value: some CanonicalEncodable) {
        value.encode(to: &self)
    }

    /// Appends a list: its count as a varint, then each element.
    @inlinable
    public mutating func writeList<C: Collection>(_ list: C) where C.Element: CanonicalEncodable {
        writeLength(list.count)
        for element in list { element.encode(to: &self) }
    }

    /// Appends an optional: byte 0 for `nil`, or byte 1 followed by the value.
    @inlinable
    public mutating func writeOptional<T: CanonicalEncodable>(_ value: T?) {
        if let value {
            write(UInt8(1))
            value.encode(to: &self)
        } else {
            write(UInt8(0))
        }
    }
}
