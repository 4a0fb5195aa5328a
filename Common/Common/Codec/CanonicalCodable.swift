/// A type with one canonical binary encoding (docs/encoding.md), used for everything hashed or signed.
public protocol CanonicalEncodable {
    /// Appends the canonical encoding of `self`.
    func encode(to writer: inout ByteWriter)
}

/// A type that decodes from its canonical encoding and rejects every other input.
public protocol CanonicalDecodable {
    /// Reads one value, leaving the reader just past it.
    init(from reader: inout ByteReader) throws(CodecError)
}

/// Both directions of the canonical encoding.
public typealias CanonicalCodable = CanonicalEncodable & CanonicalDecodable

extension CanonicalEncodable {
    /// The canonical encoding of `self`.
    @inlinable
    public var canonicalBytes: [UInt8] {
        var writer = ByteWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension CanonicalDecodable {
    /// Decodes a value that must occupy all of `bytes` (trailing bytes are an error).
    @inlinable
    public init(canonicalBytes bytes: [UInt8]) throws(CodecError) {
        var reader = ByteReader(bytes)
        self = try Self(from: &reader)
        try reader.expectEnd()
    }
}

extension Hash: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.write(self) }
    public init(from reader: inout ByteReader) throws(CodecError) { self = try reader.readHash() }
}
