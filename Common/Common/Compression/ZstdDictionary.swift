import CZstd

/// A trained zstd dictionary, as registered on L1 and named there by the BLAKE2b-256 hash of its bytes.
///
/// Small batches compress much better with a dictionary trained on similar records. A frame compressed
/// with a dictionary names its ``id`` in the header and can only be read with the same dictionary.
///
/// A value type: copies share one digested form (`ZSTD_CDict` per level and one `ZSTD_DDict`), made once
/// and freed when the last copy goes away; sharing a dictionary between threads is safe.
public struct ZstdDictionary: Sendable, Hashable, CustomStringConvertible {
    /// The largest dictionary accepted, in bytes (1 MiB; zstd's own default target is 110 KiB).
    public static let maxByteCount = 1 << 20

    /// The dictionary id written in the header of frames compressed with it (never 0).
    public let id: UInt32

    /// BLAKE2b-256 of ``bytes``: the dictionary's name on L1.
    public let hash: Hash

    let prepared: PreparedZstdDictionary

    /// The dictionary bytes, in zstd's dictionary format.
    public var bytes: [UInt8] { prepared.bytes }

    /// Loads a dictionary in zstd's format (magic `37 A4 30 EC`, an id, entropy tables, content).
    ///
    /// Throws ``ZstdError/invalidDictionary(reason:)`` for empty or oversized input, for raw content
    /// without the dictionary header (id 0), and for entropy tables libzstd cannot load.
    public init(bytes: [UInt8]) throws(ZstdError) {
        guard !bytes.isEmpty else { throw .invalidDictionary(reason: "no bytes") }
        guard bytes.count <= Self.maxByteCount else {
            throw .invalidDictionary(reason: "\(bytes.count) bytes, above the cap of \(Self.maxByteCount)")
        }
        let id = bytes.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
        guard id != 0 else {
            throw .invalidDictionary(reason: "no zstd dictionary header (magic 37a430ec and a non-zero id)")
        }
        guard let prepared = PreparedZstdDictionary(bytes: bytes) else {
            throw .invalidDictionary(reason: "libzstd cannot load its entropy tables")
        }
        self.id = UInt32(id)
        self.hash = Hash.blake2b(bytes)
        self.prepared = prepared
    }

    /// Two dictionaries are equal when their bytes are (compared by hash).
    public static func == (lhs: ZstdDictionary, rhs: ZstdDictionary) -> Bool {
        lhs.hash == rhs.hash
    }

    /// Hashes the dictionary's BLAKE2b-256 name.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    /// `zstd dictionary <id> (<size> bytes, blake2b <hash>)`.
    public var description: String {
        "zstd dictionary \(id) (\(bytes.count) bytes, blake2b \(hash))"
    }
}
