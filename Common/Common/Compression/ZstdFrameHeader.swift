/// The header of a zstd frame (RFC 8878, section 3.1.1.1), read without decompressing anything.
///
/// libzstd's own header reader is not part of its stable API, so Strata reads the few fields it needs
/// to judge a frame before decoding it: the window it demands, the dictionary it names and the content
/// size it declares.
public struct ZstdFrameHeader: Equatable, Sendable {
    /// The number of header bytes, magic number included (6 to 18).
    public var byteCount: Int
    /// The content size the frame declares, or `nil` when the writer did not know it (streaming).
    public var contentSize: UInt64?
    /// The window a decoder must keep, in bytes (the content size for single-segment frames).
    public var windowSize: UInt64
    /// The dictionary id the frame was compressed with, or 0 when it names none.
    public var dictionaryID: UInt32
    /// Whether a 4-byte content checksum ends the frame.
    public var hasChecksum: Bool

    /// Reads the header at the start of `frame`.
    ///
    /// Throws ``ZstdError/emptyInput``, ``ZstdError/notAFrame(leadingBytes:)`` (skippable frames
    /// included), ``ZstdError/truncated(reason:)`` or ``ZstdError/corrupt(reason:)`` for a reserved bit.
    public init(parsing frame: [UInt8]) throws(ZstdError) {
        var result: Result<ZstdFrameHeader, ZstdError> = .failure(.emptyInput)
        frame.withUnsafeBytes { raw in result = Result { () throws(ZstdError) in try ZstdFrameHeader(parsing: raw) } }
        self = try result.get()
    }

    /// Reads the header at the start of the bytes in `frame`.
    public init(parsing frame: UnsafeRawBufferPointer) throws(ZstdError) {
        guard !frame.isEmpty else { throw .emptyInput }
        let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
        let leading = Array(frame.prefix(4))
        guard leading == Array(magic.prefix(leading.count)) else { throw .notAFrame(leadingBytes: leading) }
        guard frame.count >= 5 else {
            throw .truncated(reason: "\(frame.count) byte(s) end before the frame header descriptor")
        }
        let descriptor = frame[4]
        guard descriptor & 0x08 == 0 else { throw .corrupt(reason: "reserved bit 3 of the frame header is set") }
        let singleSegment = descriptor & 0x20 != 0
        let contentSizeFieldSize: Int
        switch descriptor >> 6 {
        case 0: contentSizeFieldSize = singleSegment ? 1 : 0
        case 1: contentSizeFieldSize = 2
        case 2: contentSizeFieldSize = 4
        default: contentSizeFieldSize = 8
        }
        let dictionaryIDFieldSize = [0, 1, 2, 4][Int(descriptor & 0x03)]
        let windowDescriptorSize = singleSegment ? 0 : 1
        let size = 5 + windowDescriptorSize + dictionaryIDFieldSize + contentSizeFieldSize
        guard frame.count >= size else {
            throw .truncated(reason: "the frame header needs \(size) bytes, only \(frame.count) given")
        }

        func littleEndian(at offset: Int, count: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<count { value |= UInt64(frame[offset + i]) << (8 * i) }
            return value
        }
        var offset = 5
        var windowSize: UInt64 = 0
        if !singleSegment {
            let windowDescriptor = frame[offset]
            let windowLog = 10 + UInt64(windowDescriptor >> 3)
            let windowBase: UInt64 = 1 << windowLog
            windowSize = windowBase + (windowBase / 8) * UInt64(windowDescriptor & 0x07)
            offset += 1
        }
        let dictionaryID = UInt32(littleEndian(at: offset, count: dictionaryIDFieldSize))
        offset += dictionaryIDFieldSize
        var contentSize: UInt64? = nil
        if contentSizeFieldSize > 0 {
            let raw = littleEndian(at: offset, count: contentSizeFieldSize)
            contentSize = contentSizeFieldSize == 2 ? raw + 256 : raw
        }
        if singleSegment { windowSize = contentSize ?? 0 }

        self.byteCount = size
        self.contentSize = contentSize
        self.windowSize = windowSize
        self.dictionaryID = dictionaryID
        self.hasChecksum = descriptor & 0x04 != 0
    }
}
