import Common

/// ``TransactionKind/storeProgram``: stores a rules program under the BLAKE2b-256 of its source.
public struct StoreProgramPayload: Hashable, Sendable {
    /// The most bytes of a source (``RuleLimits/standard``'s ``RuleLimits/maxSourceBytes``).
    public static let maxSourceBytes = RuleLimits.standard.maxSourceBytes

    /// The program's UTF-8 source.
    public var source: [UInt8]

    /// Creates the payload for `source`.
    public init(source: [UInt8]) {
        self.source = source
    }

    /// Creates the payload for the UTF-8 of `source`.
    public init(source: String) {
        self.source = Array(source.utf8)
    }
}

extension StoreProgramPayload: CanonicalCodable {
    /// `bytes(source)` (at most ``maxSourceBytes``; UTF-8 is checked when the program is parsed).
    public func encode(to writer: inout ByteWriter) { writer.writeBytes(source) }

    /// Reads the source bytes.
    public init(from reader: inout ByteReader) throws(CodecError) {
        source = try reader.readBytes(cap: Self.maxSourceBytes, "program source")
    }
}
