import CZstd

/// A reusable zstd decompression context (`ZSTD_DCtx`) that reads frames from untrusted writers
/// under a hard output cap.
///
/// A call accepts exactly one frame and checks, in this order, before decoding anything: the input is
/// not empty, starts with the frame magic (skippable frames are refused), has a complete header with no
/// reserved bit, asks for a window of at most 2^``Zstd/windowLogMax`` bytes, names the dictionary given
/// (or none), and is followed by no trailing byte. Then:
/// - when the header declares the content size, a size above the cap fails at once, with nothing
///   allocated; otherwise exactly that many bytes are allocated and decoded in one pass;
/// - when it does not, the frame is streamed into a buffer that doubles up to the cap and no further;
///   the call fails with ``ZstdError/outputOverCap(cap:declaredSize:)`` as soon as one more byte exists.
///
/// Corrupt blocks and checksum mismatches are errors, never traps. Apart from the output, libzstd's own
/// memory is a fixed context plus, for frames without a content size, a window of at most
/// 2^``Zstd/windowLogMax`` bytes.
///
/// **Not thread-safe.** A context holds mutable state, so this class is deliberately not `Sendable`:
/// keep one per thread or per task that decompresses.
public final class ZstdDecompressor {
    private let context: OpaquePointer

    /// The first output buffer size when the frame does not declare its content size.
    static let initialStreamingCapacity = 1 << 17

    /// The largest output buffer the last call allocated, in bytes: never more than its cap.
    private(set) var lastOutputAllocation = 0

    /// Creates a context.
    public init() {
        guard let context = ZSTD_createDCtx() else { preconditionFailure("ZSTD_createDCtx: out of memory") }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses exactly one frame into at most `maxOutputBytes` bytes.
    ///
    /// `dictionary` is used only when the frame names a dictionary id, and must then be that dictionary.
    /// Throws a ``ZstdError`` saying what was wrong: ``ZstdError/emptyInput``,
    /// ``ZstdError/notAFrame(leadingBytes:)``, ``ZstdError/truncated(reason:)``,
    /// ``ZstdError/corrupt(reason:)``, ``ZstdError/checksumMismatch``,
    /// ``ZstdError/trailingBytes(count:frameSize:)``, ``ZstdError/outputOverCap(cap:declaredSize:)``,
    /// ``ZstdError/windowTooLarge(windowSize:limit:)``, ``ZstdError/dictionaryRequired(id:)``,
    /// ``ZstdError/dictionaryMismatch(frameDictionaryID:givenDictionaryID:)`` or
    /// ``ZstdError/invalidCap(_:)``.
    public func decompress(
        _ frame: [UInt8], maxOutputBytes: Int, dictionary: ZstdDictionary? = nil
    ) throws(ZstdError) -> [UInt8] {
        var result: Result<[UInt8], ZstdError> = .success([])
        frame.withUnsafeBytes { input in
            result = Result { () throws(ZstdError) in
                try decompress(input, maxOutputBytes: maxOutputBytes, dictionary: dictionary)
            }
        }
        return try result.get()
    }

    /// Decompresses exactly one frame held in `frame`, as the `[UInt8]` variant does.
    public func decompress(
        _ frame: UnsafeRawBufferPointer, maxOutputBytes cap: Int, dictionary: ZstdDictionary? = nil
    ) throws(ZstdError) -> [UInt8] {
        lastOutputAllocation = 0
        guard cap >= 0 else { throw .invalidCap(cap) }
        let header = try ZstdFrameHeader(parsing: frame)
        let windowLimit: UInt64 = 1 << UInt64(Zstd.windowLogMax)
        guard header.windowSize <= windowLimit else {
            throw .windowTooLarge(windowSize: header.windowSize, limit: windowLimit)
        }
        var digested: OpaquePointer? = nil
        if header.dictionaryID != 0 {
            guard let dictionary else { throw .dictionaryRequired(id: header.dictionaryID) }
            guard dictionary.id == header.dictionaryID else {
                throw .dictionaryMismatch(frameDictionaryID: header.dictionaryID, givenDictionaryID: dictionary.id)
            }
            digested = dictionary.prepared.decompressionDictionary
        }
        let frameSize = ZSTD_findFrameCompressedSize(frame.baseAddress, frame.count)
        if Zstd.isError(frameSize) { throw Zstd.decompressionError(frameSize) }
        guard frameSize == frame.count else {
            throw .trailingBytes(count: frame.count - frameSize, frameSize: frameSize)
        }
        try check(ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters))

        switch ZSTD_getFrameContentSize(frame.baseAddress, frame.count) {
        case Self.contentSizeError:
            throw .corrupt(reason: "unreadable content size in the frame header")
        case Self.contentSizeUnknown:
            return try decompressStreaming(frame, cap: cap, dictionary: digested)
        case let declared:
            guard declared <= UInt64(cap) else { throw .outputOverCap(cap: cap, declaredSize: declared) }
            return try decompressWhole(frame, contentSize: Int(declared), dictionary: digested)
        }
    }

    // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR, which Swift does not import.
    private static let contentSizeUnknown = UInt64.max
    private static let contentSizeError = UInt64.max - 1

    /// One pass into a buffer of exactly the declared size (already checked against the cap).
    private func decompressWhole(
        _ frame: UnsafeRawBufferPointer, contentSize: Int, dictionary: OpaquePointer?
    ) throws(ZstdError) -> [UInt8] {
        var code = 0
        let output = [UInt8](unsafeUninitializedCapacity: max(contentSize, 1)) { buffer, count in
            if let dictionary {
                code = ZSTD_decompress_usingDDict(
                    context, buffer.baseAddress, contentSize, frame.baseAddress, frame.count, dictionary)
            } else {
                code = ZSTD_decompressDCtx(context, buffer.baseAddress, contentSize, frame.baseAddress, frame.count)
            }
            count = Zstd.isError(code) ? 0 : min(code, contentSize)
        }
        lastOutputAllocation = max(contentSize, 1)
        if Zstd.isError(code) { throw Zstd.decompressionError(code) }
        guard code == contentSize else {
            throw .corrupt(reason: "content is \(code) bytes, the frame header declares \(contentSize)")
        }
        return output
    }

    private enum Outcome {
        case finished
        case full
        case failed(ZstdError)
    }

    /// Streams a frame without a declared size into a buffer doubled up to `cap` and never past it.
    private func decompressStreaming(
        _ frame: UnsafeRawBufferPointer, cap: Int, dictionary: OpaquePointer?
    ) throws(ZstdError) -> [UInt8] {
        try check(ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, Int32(Zstd.windowLogMax)))
        if let dictionary { try check(ZSTD_DCtx_refDDict(context, dictionary)) }
        var input = ZSTD_inBuffer(src: frame.baseAddress, size: frame.count, pos: 0)
        var output = [UInt8]()
        while output.count < cap {
            let size = min(cap, max(Self.initialStreamingCapacity, output.count * 2))
            let previous = output
            var outcome = Outcome.full
            output = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                _ = buffer.initialize(from: previous)
                (count, outcome) = drain(UnsafeMutableRawBufferPointer(buffer), filled: previous.count, &input)
            }
            lastOutputAllocation = max(lastOutputAllocation, size)
            switch outcome {
            case .finished: return output
            case .failed(let error): throw error
            case .full: continue
            }
        }
        // The output is exactly at the cap: the frame must end here without one more byte.
        var probe: UInt8 = 0
        let (produced, outcome) = withUnsafeMutableBytes(of: &probe) { drain($0, filled: 0, &input) }
        if produced > 0 { throw .outputOverCap(cap: cap, declaredSize: nil) }
        switch outcome {
        case .finished: return output
        case .failed(let error): throw error
        case .full: throw .outputOverCap(cap: cap, declaredSize: nil)
        }
    }

    /// Decodes into `buffer` from offset `filled` until the frame ends, the buffer is full, or an error.
    private func drain(
        _ buffer: UnsafeMutableRawBufferPointer, filled: Int, _ input: inout ZSTD_inBuffer
    ) -> (Int, Outcome) {
        var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: filled)
        while true {
            let before = (input.pos, output.pos)
            let code = ZSTD_decompressStream(context, &output, &input)
            if Zstd.isError(code) { return (output.pos, .failed(Zstd.decompressionError(code))) }
            if code == 0 { return (output.pos, .finished) }
            if output.pos == output.size { return (output.pos, .full) }
            if (input.pos, output.pos) == before {
                return (output.pos, .failed(.truncated(reason: "the input ends inside the frame")))
            }
        }
    }

    private func check(_ code: Int) throws(ZstdError) {
        if Zstd.isError(code) { throw .corrupt(reason: Zstd.errorName(code)) }
    }
}

@available(*, unavailable, message: "a zstd context is not thread-safe: use one ZstdDecompressor per thread")
extension ZstdDecompressor: Sendable {}
