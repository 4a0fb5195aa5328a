import Common

/// A block height: 1 is the first block after genesis.
public struct Height: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The height as a number.
    public let rawValue: UInt64

    /// The height `rawValue`.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The height `value`.
    public init(_ value: UInt64) { self.rawValue = value }

    /// The height after this one.
    public var next: Height { Height(rawValue + 1) }

    public static func < (lhs: Height, rhs: Height) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

/// A consensus round within one height; round 0 is the first.
public struct Round: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The round as a number.
    public let rawValue: UInt32

    /// The round `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The round `value`.
    public init(_ value: UInt32) { self.rawValue = value }

    /// The first round of every height.
    public static let zero = Round(0)

    /// The round after this one (saturating: a round number never wraps).
    public var next: Round { Round(rawValue == .max ? .max : rawValue + 1) }

    public static func < (lhs: Round, rhs: Round) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

extension Height: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.writeVarint(rawValue) }
    public init(from reader: inout ByteReader) throws(CodecError) {
        rawValue = try reader.readVarint(UInt64.self, "height")
    }
}

extension Round: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.writeVarint(rawValue) }
    public init(from reader: inout ByteReader) throws(CodecError) {
        rawValue = try reader.readVarint(UInt32.self, "round")
    }
}
