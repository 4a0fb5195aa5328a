import NIOCore

/// What the wire carries, once split: the peer's ephemeral key, then length-prefixed encrypted frames.
enum WireMessage: Sendable {
    /// The 32-byte X25519 ephemeral public key that opens the connection.
    case ephemeralKey([UInt8])
    /// One frame's ciphertext (without its length prefix).
    case frame(ByteBuffer)
}

/// Splits the inbound byte stream into ``WireMessage``s: 32 raw bytes, then frames of `u32be(length) || ciphertext`.
///
/// The length prefix is checked against the cap for that frame (the handshake's own small caps for frames 0 and 1,
/// then ``maxCiphertextLength``) as soon as its 4 bytes arrive, before the body is read or any room is made for
/// it, so a peer cannot make the node buffer more than one capped frame.
struct WireFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = WireMessage

    /// The largest ciphertext after the handshake: the largest channel message plus channel byte and tag.
    let maxCiphertextLength: Int
    private var receivedEphemeralKey = false
    private var frameIndex: UInt64 = 0

    /// A decoder with a post-handshake cap of `maxCiphertextLength` bytes per ciphertext.
    init(maxCiphertextLength: Int) {
        self.maxCiphertextLength = maxCiphertextLength
    }

    /// The cap on frame `index`'s ciphertext.
    func cap(frame index: UInt64) -> Int {
        index < 2 ? Handshake.ciphertextCap(frame: index) : maxCiphertextLength
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !receivedEphemeralKey {
            guard let key = buffer.readBytes(length: EphemeralKeyPair.byteCount) else { return .needMoreData }
            receivedEphemeralKey = true
            context.fireChannelRead(Self.wrapInboundOut(.ephemeralKey(key)))
            return .continue
        }
        guard let announced = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return .needMoreData
        }
        let length = Int(announced)
        let cap = cap(frame: frameIndex)
        guard length <= cap else { throw FrameError.frameTooLarge(length: length, cap: cap) }
        // After the handshake, a frame holds at least the channel byte.
        let minimum = FrameCipher.tagByteCount + (frameIndex < 2 ? 0 : 1)
        guard length >= minimum else { throw FrameError.frameTooShort(length: length) }
        guard buffer.readableBytes >= FrameCipher.lengthPrefixByteCount + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: FrameCipher.lengthPrefixByteCount)
        guard let ciphertext = buffer.readSlice(length: length) else { return .needMoreData }
        frameIndex += 1
        context.fireChannelRead(Self.wrapInboundOut(.frame(ciphertext)))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
