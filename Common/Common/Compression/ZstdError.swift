/// Why compressing, decompressing or preparing a zstd dictionary failed.
///
/// Every case that input from outside the process can cause (a hostile or damaged frame, an unknown
/// dictionary) names what was wrong, so a verifier can log it and a settlement rule can cite it.
public enum ZstdError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A compression level outside ``Zstd/levels``.
    case invalidLevel(Int, allowed: ClosedRange<Int>)
    /// A negative output cap was passed to a decompression call.
    case invalidCap(Int)
    /// There is nothing to decompress: a frame has at least a 6-byte header.
    case emptyInput
    /// The input does not start with the zstd frame magic number `28 B5 2F FD`; `leadingBytes` are
    /// the first bytes found (up to 4). Skippable frames are rejected here too.
    case notAFrame(leadingBytes: [UInt8])
    /// The frame ends before its header, one of its blocks or its checksum is complete.
    case truncated(reason: String)
    /// The frame is malformed (a reserved bit, a bad block, content not matching its declared size).
    case corrupt(reason: String)
    /// The frame decoded, but the checksum at its end does not match the content: the data was damaged.
    case checksumMismatch
    /// Bytes follow the frame: exactly one frame, and nothing after it, is canonical.
    case trailingBytes(count: Int, frameSize: Int)
    /// The content is larger than the caller's output cap. `declaredSize` is the content size from the
    /// frame header when it gave one (the call failed before allocating); `nil` means the header gave no
    /// size and the output passed the cap while streaming.
    case outputOverCap(cap: Int, declaredSize: UInt64?)
    /// The frame asks for a larger decoding window than ``Zstd/windowLogMax`` allows.
    case windowTooLarge(windowSize: UInt64, limit: UInt64)
    /// The frame was compressed with dictionary `id`, but no dictionary was given.
    case dictionaryRequired(id: UInt32)
    /// The frame was compressed with dictionary `frameDictionaryID`, but the one given has another id.
    case dictionaryMismatch(frameDictionaryID: UInt32, givenDictionaryID: UInt32)
    /// The bytes are not a usable zstd dictionary.
    case invalidDictionary(reason: String)
    /// Dictionary training failed (too few or too small samples, or an impossible size).
    case trainingFailed(reason: String)
    /// An adaptive level table is not usable (levels must not rise as the backlog grows).
    case invalidLevelTable(reason: String)
    /// libzstd failed to compress (it only does so on resource exhaustion).
    case compressionFailed(reason: String)

    /// What went wrong, in words fit for a log line or an RPC error message.
    public var description: String {
        switch self {
        case .invalidLevel(let level, let allowed):
            "zstd level \(level) is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .invalidCap(let cap):
            "output cap \(cap) is negative"
        case .emptyInput:
            "empty input: a zstd frame has at least a 6-byte header"
        case .notAFrame(let leadingBytes):
            if leadingBytes.count == 4, leadingBytes[0] & 0xF0 == 0x50, leadingBytes[1...] == [0x2A, 0x4D, 0x18] {
                "input starts with a skippable frame (\(Hex.encode(leadingBytes))): only one zstd frame is allowed"
            } else {
                "not a zstd frame: starts with \(Hex.encode(leadingBytes)), expected magic 28b52ffd"
            }
        case .truncated(let reason):
            "truncated zstd frame: \(reason)"
        case .corrupt(let reason):
            "corrupt zstd frame: \(reason)"
        case .checksumMismatch:
            "zstd frame checksum does not match its content: the data is damaged"
        case .trailingBytes(let count, let frameSize):
            "\(count) trailing byte(s) after the \(frameSize)-byte zstd frame: exactly one frame is allowed"
        case .outputOverCap(let cap, let declaredSize?):
            "zstd frame declares \(declaredSize) bytes of content, above the output cap of \(cap) bytes"
        case .outputOverCap(let cap, nil):
            "zstd frame content exceeds the output cap of \(cap) bytes"
        case .windowTooLarge(let windowSize, let limit):
            "zstd frame needs a \(windowSize)-byte window, above the limit of \(limit) bytes"
        case .dictionaryRequired(let id):
            "zstd frame needs dictionary id \(id), but no dictionary was given"
        case .dictionaryMismatch(let frameID, let givenID):
            "zstd frame needs dictionary id \(frameID), but dictionary id \(givenID) was given"
        case .invalidDictionary(let reason):
            "invalid zstd dictionary: \(reason)"
        case .trainingFailed(let reason):
            "zstd dictionary training failed: \(reason)"
        case .invalidLevelTable(let reason):
            "invalid adaptive zstd level table: \(reason)"
        case .compressionFailed(let reason):
            "zstd compression failed: \(reason)"
        }
    }
}
