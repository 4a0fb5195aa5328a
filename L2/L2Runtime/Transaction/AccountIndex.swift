import Common

/// The number the runtime gives an account when it first appears in state (0, 1, 2, ... in order of
/// appearance). A transaction may name its sender by index instead of by its 32-byte key, and batches name
/// senders by index, which is what makes them small.
public struct AccountIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The index.
    public var value: UInt64

    /// The index `value`.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// The smaller index comes first.
    public static func < (lhs: AccountIndex, rhs: AccountIndex) -> Bool { lhs.value < rhs.value }

    /// The decimal index.
    public var description: String { String(value) }
}

extension AccountIndex: CanonicalCodable {
    /// `varint(value)`.
    public func encode(to writer: inout ByteWriter) { writer.writeVarint(value) }

    /// Reads a minimal varint.
    public init(from reader: inout ByteReader) throws(CodecError) {
        value = try reader.readVarint(UInt64.self, "account index")
    }
}
