import NIOCore
import NIOEmbedded
import Testing

@testable import L1Node

@Suite("Wire frame decoder: ephemeral key, then capped length-prefixed frames")
struct WireFrameDecoderTests {
    static func channel(cap: Int) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(WireFrameDecoder(maxCiphertextLength: cap)))
        return channel
    }

    static func frame(_ length: Int) -> [UInt8] {
        [UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + [UInt8](repeating: 0xAB, count: length)
    }

    @Test("splits the key and frames however the bytes arrive")
    func splitting() throws {
        let channel = try Self.channel(cap: 1000)
        let key = [UInt8](repeating: 7, count: 32)
        let stream = key + Self.frame(40) + Self.frame(100) + Self.frame(17)
        for byte in stream { try channel.writeInbound(channel.allocator.buffer(bytes: [byte])) }
        guard case .ephemeralKey(let received) = try channel.readInbound(as: WireMessage.self) else {
            Issue.record("no key"); return
        }
        #expect(received == key)
        for length in [40, 100, 17] {
            guard case .frame(let body) = try channel.readInbound(as: WireMessage.self) else {
                Issue.record("no frame"); return
            }
            #expect(body.readableBytes == length)
        }
        #expect(try channel.readInbound(as: WireMessage.self) == nil)
        _ = try channel.finish()
    }

    @Test("a length over the cap is refused as soon as its 4 bytes arrive, before any body")
    func oversize() throws {
        let channel = try Self.channel(cap: 1000)
        let handshake = [UInt8](repeating: 1, count: 32) + Self.frame(40) + Self.frame(40)
        try channel.writeInbound(channel.allocator.buffer(bytes: handshake))
        #expect(throws: FrameError.frameTooLarge(length: 0x7FFF_FFFF, cap: 1000)) {
            try channel.writeInbound(channel.allocator.buffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF]))
        }
    }

    @Test("the handshake's frames have their own small caps")
    func handshakeCaps() throws {
        let channel = try Self.channel(cap: 1 << 20)
        try channel.writeInbound(channel.allocator.buffer(bytes: [UInt8](repeating: 1, count: 32)))
        let cap = Handshake.ciphertextCap(frame: 0)
        #expect(throws: FrameError.frameTooLarge(length: cap + 1, cap: cap)) {
            try channel.writeInbound(channel.allocator.buffer(bytes: Array(Self.frame(cap + 1).prefix(4))))
        }
    }

    @Test("a frame too short for a tag and channel byte is refused")
    func tooShort() throws {
        let channel = try Self.channel(cap: 1000)
        try channel.writeInbound(
            channel.allocator.buffer(bytes: [UInt8](repeating: 1, count: 32) + Self.frame(40) + Self.frame(40)))
        #expect(throws: FrameError.frameTooShort(length: 16)) {
            try channel.writeInbound(channel.allocator.buffer(bytes: Self.frame(16)))
        }
    }
}
