import CZstd

/// Zstandard compression as Strata uses it for L2 batches (docs/compression.md).
///
/// The frame rules, for writers and readers alike:
/// - a batch is exactly **one** zstd frame, with nothing before or after it;
/// - frames are written with the content size in the header and a content checksum;
/// - a reader decompresses under an output cap given by the caller and never allocates output past it;
/// - a frame may not ask for a window larger than 2^``windowLogMax`` bytes;
/// - a frame uses a dictionary exactly when its header names the dictionary id; dictionaries are named on
///   L1 by the BLAKE2b-256 hash of their bytes (``ZstdDictionary/hash``).
///
/// These static functions create a fresh context per call; hot paths should keep a ``ZstdCompressor`` or a
/// ``ZstdDecompressor`` per thread instead.
public enum Zstd {
    /// The frame magic number, `28 B5 2F FD` on the wire.
    public static let magicNumber: UInt32 = 0xFD2F_B528

    /// The lowest level libzstd accepts (a negative, fastest level).
    public static let minLevel = Int(ZSTD_minCLevel())

    /// The highest level libzstd accepts (22: slowest, smallest output).
    public static let maxLevel = Int(ZSTD_maxCLevel())

    /// Every valid level. Level 0 means libzstd's default, which is 3.
    public static let levels: ClosedRange<Int> = minLevel...maxLevel

    /// libzstd's default level.
    public static let defaultLevel = Int(ZSTD_defaultCLevel())

    /// The largest decoding window a frame may ask for, as a power of two: 2^27 bytes = 128 MiB.
    ///
    /// Levels up to ``maxLevel`` never write a larger window, so every frame this library writes is
    /// readable; a frame asking for more is rejected before any window memory is allocated.
    public static let windowLogMax = 27

    /// Throws ``ZstdError/invalidLevel(_:allowed:)`` unless `level` is in ``levels``.
    public static func validate(level: Int) throws(ZstdError) {
        guard levels.contains(level) else { throw .invalidLevel(level, allowed: levels) }
    }

    /// Compresses `bytes` into one frame at `level`, with content size and checksum, optionally with a
    /// dictionary.
    public static func compress(
        _ bytes: [UInt8], level: Int = defaultLevel, dictionary: ZstdDictionary? = nil
    ) throws(ZstdError) -> [UInt8] {
        try ZstdCompressor().compress(bytes, level: level, dictionary: dictionary)
    }

    /// Decompresses exactly one frame, producing at most `maxOutputBytes` bytes.
    ///
    /// See ``ZstdDecompressor/decompress(_:maxOutputBytes:dictionary:)`` for the checks made.
    public static func decompress(
        _ frame: [UInt8], maxOutputBytes: Int, dictionary: ZstdDictionary? = nil
    ) throws(ZstdError) -> [UInt8] {
        try ZstdDecompressor().decompress(frame, maxOutputBytes: maxOutputBytes, dictionary: dictionary)
    }

    /// Whether a libzstd return value is an error code.
    static func isError(_ code: Int) -> Bool {
        ZSTD_isError(code) != 0
    }

    /// libzstd's name for an error code, e.g. "Data corruption detected".
    static func errorName(_ code: Int) -> String {
        guard let name = ZSTD_getErrorName(code) else { return "error \(code)" }
        return String(cString: name)
    }

    /// Maps a libzstd decompression error code to a ``ZstdError``.
    static func decompressionError(_ code: Int) -> ZstdError {
        let name = errorName(code)
        switch ZSTD_getErrorCode(code) {
        case ZSTD_error_checksum_wrong: return .checksumMismatch
        case ZSTD_error_srcSize_wrong: return .truncated(reason: name)
        case ZSTD_error_dstSize_tooSmall: return .corrupt(reason: "content larger than the size its header declares")
        default: return .corrupt(reason: name)
        }
    }
}
