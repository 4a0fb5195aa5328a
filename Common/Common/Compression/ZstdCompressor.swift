import CZstd

/// A reusable zstd compression context (`ZSTD_CCtx`): keeping one avoids re-allocating libzstd's
/// working memory for every batch.
///
/// Every frame it writes follows Strata's rules (docs/compression.md): one frame, the content size in
/// the header, a content checksum, and the dictionary id when a dictionary is used.
///
/// **Not thread-safe.** A context holds mutable state, so this class is deliberately not `Sendable`:
/// keep one per thread or per task that compresses (the batcher owns one).
public final class ZstdCompressor {
    private let context: OpaquePointer

    /// Creates a context. Its memory grows on first use to what the levels used need.
    public init() {
        guard let context = ZSTD_createCCtx() else { preconditionFailure("ZSTD_createCCtx: out of memory") }
        self.context = context
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `bytes` into one frame at `level` (see ``Zstd/levels``), optionally with `dictionary`.
    ///
    /// Throws ``ZstdError/invalidLevel(_:allowed:)`` for a level libzstd does not have.
    public func compress(
        _ bytes: [UInt8], level: Int = Zstd.defaultLevel, dictionary: ZstdDictionary? = nil
    ) throws(ZstdError) -> [UInt8] {
        var result: Result<[UInt8], ZstdError> = .success([])
        bytes.withUnsafeBytes { input in
            result = Result { () throws(ZstdError) in try compress(input, level: level, dictionary: dictionary) }
        }
        return try result.get()
    }

    /// Compresses the bytes in `input` into one frame, as the `[UInt8]` variant does.
    public func compress(
        _ input: UnsafeRawBufferPointer, level: Int = Zstd.defaultLevel, dictionary: ZstdDictionary? = nil
    ) throws(ZstdError) -> [UInt8] {
        try start(level: level, dictionary: dictionary)
        let bound = ZSTD_compressBound(input.count)
        var written = 0
        let frame = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            written = ZSTD_compress2(context, buffer.baseAddress, bound, input.baseAddress, input.count)
            count = Zstd.isError(written) ? 0 : written
        }
        if Zstd.isError(written) { throw .compressionFailed(reason: Zstd.errorName(written)) }
        return frame
    }

    /// Compresses a sequence of chunks into one frame with the streaming API, never holding the whole
    /// input. With `pledgedContentSize` the header carries the content size (and libzstd checks that the
    /// chunks add up to it); without it the header has none, as in frames written by a streaming encoder.
    func compress(
        chunks: some Sequence<[UInt8]>, level: Int, pledgedContentSize: UInt64?, dictionary: ZstdDictionary? = nil
    ) throws(ZstdError) -> [UInt8] {
        try start(level: level, dictionary: dictionary)
        if let pledgedContentSize {
            try check(ZSTD_CCtx_setPledgedSrcSize(context, pledgedContentSize))
        }
        var frame = [UInt8]()
        let chunkCapacity = ZSTD_CStreamOutSize()
        var scratch = [UInt8](repeating: 0, count: chunkCapacity)

        func drive(_ chunk: UnsafeRawBufferPointer, _ directive: ZSTD_EndDirective) throws(ZstdError) {
            var input = ZSTD_inBuffer(src: chunk.baseAddress, size: chunk.count, pos: 0)
            while true {
                var remaining = 0
                let produced = scratch.withUnsafeMutableBytes { out in
                    var output = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    remaining = ZSTD_compressStream2(context, &output, &input, directive)
                    return output.pos
                }
                try check(remaining)
                frame.append(contentsOf: scratch[0..<produced])
                let finished = directive == ZSTD_e_end ? remaining == 0 : input.pos == input.size
                if finished { return }
            }
        }

        for chunk in chunks {
            var result: Result<Void, ZstdError> = .success(())
            chunk.withUnsafeBytes { raw in result = Result { () throws(ZstdError) in try drive(raw, ZSTD_e_continue) } }
            try result.get()
        }
        try drive(UnsafeRawBufferPointer(start: nil, count: 0), ZSTD_e_end)
        return frame
    }

    /// Resets the context and sets Strata's frame parameters for one frame.
    private func start(level: Int, dictionary: ZstdDictionary?) throws(ZstdError) {
        try Zstd.validate(level: level)
        try check(ZSTD_CCtx_reset(context, ZSTD_reset_session_and_parameters))
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level)))
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1))
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_dictIDFlag, 1))
        if let dictionary {
            // The digested dictionary carries the level; it is made once per dictionary and level.
            try check(ZSTD_CCtx_refCDict(context, try dictionary.prepared.compressionDictionary(level: level)))
        }
    }

    private func check(_ code: Int) throws(ZstdError) {
        if Zstd.isError(code) { throw .compressionFailed(reason: Zstd.errorName(code)) }
    }
}

@available(*, unavailable, message: "a zstd context is not thread-safe: use one ZstdCompressor per thread")
extension ZstdCompressor: Sendable {}
