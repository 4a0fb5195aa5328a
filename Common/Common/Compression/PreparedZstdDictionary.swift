import CZstd
import Synchronization

/// The digested forms of one dictionary: a `ZSTD_DDict` for decompression, made once, and one
/// `ZSTD_CDict` per compression level, made on first use and kept until the dictionary is released.
///
/// `@unchecked Sendable`: libzstd documents both digested forms as read-only once created and safe to
/// share between threads; the level cache is behind a mutex.
final class PreparedZstdDictionary: @unchecked Sendable {
    /// The dictionary bytes (kept to digest new levels).
    let bytes: [UInt8]
    /// The decompression form.
    let decompressionDictionary: OpaquePointer
    private let compressionDictionaries = Mutex<[Int: OpaquePointer]>([:])

    /// Digests `bytes` for decompression; `nil` when libzstd rejects them (bad entropy tables).
    init?(bytes: [UInt8]) {
        guard let ddict = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }) else { return nil }
        self.bytes = bytes
        self.decompressionDictionary = ddict
    }

    /// The compression form for `level` (already validated), digested on first use.
    func compressionDictionary(level: Int) throws(ZstdError) -> OpaquePointer {
        let cdict = compressionDictionaries.withLock { cache -> OpaquePointer? in
            if let cached = cache[level] { return cached }
            let made = bytes.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, $0.count, Int32(level)) }
            cache[level] = made
            return made
        }
        guard let cdict else { throw .compressionFailed(reason: "could not digest the dictionary for level \(level)") }
        return cdict
    }

    deinit {
        ZSTD_freeDDict(decompressionDictionary)
        compressionDictionaries.withLock { cache in
            for cdict in cache.values { ZSTD_freeCDict(cdict) }
        }
    }
}
