import Common

/// The identity of a block: BLAKE2b-256 of its header's canonical encoding. Votes and proposals name blocks by it.
public struct BlockID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The header hash.
    public let hash: Hash

    /// The block identified by header hash `hash`.
    public init(_ hash: Hash) { self.hash = hash }

    public static func < (lhs: BlockID, rhs: BlockID) -> Bool { lhs.hash < rhs.hash }

    public var description: String { String(hash.description.prefix(12)) }
}

extension BlockID: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.write(hash) }
    public init(from reader: inout ByteReader) throws(CodecError) { hash = try reader.readHash("block id") }
}
