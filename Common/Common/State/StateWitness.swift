/// Everything needed to re-execute a computation without the database: the values of the keys it
/// touched (absent ones as `nil`) and a multiproof tying them to the pre-state root.
public struct StateWitness: Hashable, Sendable {
    /// A touched key and its value in the pre-state.
    public struct Entry: Hashable, Sendable {
        /// The key's path.
        public var path: Hash
        /// Its value before the computation, or `nil` if it was absent.
        public var value: [UInt8]?

        /// Creates an entry.
        public init(path: Hash, value: [UInt8]?) {
            self.path = path
            self.value = value
        }
    }

    /// The touched keys, sorted by path, each once.
    public var entries: [Entry]
    /// The multiproof of those paths against the pre-state root.
    public var proof: Multiproof

    /// The most entries a witness may carry.
    public static let maxEntries = 1 << 20

    /// Creates a witness.
    public init(entries: [Entry], proof: Multiproof) {
        self.entries = entries
        self.proof = proof
    }
}

extension StateWitness.Entry: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(path)
        if let value {
            writer.write(UInt8(1))
            writer.writeBytes(value)
        } else {
            writer.write(UInt8(0))
        }
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        path = try reader.readHash("witness path")
        let at = reader.offset
        switch try reader.readUInt8("witness value flag") {
        case 0: value = nil
        case 1: value = try reader.readBytes(cap: SparseMerkle.maxValueBytes, "witness value")
        case let tag: throw .unknownTag(what: "witness value flag", offset: at, tag: UInt64(tag))
        }
    }
}

extension StateWitness: CanonicalCodable {
    /// `list(entries) || multiproof`; entries must be strictly sorted by path.
    public func encode(to writer: inout ByteWriter) {
        writer.writeList(entries)
        proof.encode(to: &writer)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        let at = reader.offset
        entries = try reader.readList(Entry.self, cap: StateWitness.maxEntries, "witness entries")
        for i in entries.indices.dropFirst() where !(entries[i - 1].path < entries[i].path) {
            throw .invalidValue(what: "witness entries", offset: at, reason: "paths not strictly increasing")
        }
        proof = try Multiproof(from: &reader)
    }
}
