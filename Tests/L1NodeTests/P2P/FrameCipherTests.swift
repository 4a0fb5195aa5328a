import Common
import Testing

@testable import L1Node

@Suite("Frame cipher: XChaCha20-Poly1305 with a counter nonce")
struct FrameCipherTests {
    static let key = [UInt8](repeating: 0x42, count: 32)

    @Test("frame n uses the nonce u64le(n) followed by 16 zero bytes")
    func nonceLayout() {
        #expect(FrameCipher.nonce(0) == [UInt8](repeating: 0, count: 24))
        #expect(FrameCipher.nonce(0x0102) == [0x02, 0x01] + [UInt8](repeating: 0, count: 22))
        #expect(FrameCipher.nonce(.max).prefix(8).allSatisfy { $0 == 0xFF })
    }

    @Test("a sealed frame is u32be(length) then ciphertext, and opens to the plaintext in order")
    func roundTrip() throws {
        var sender = FrameCipher(key: Self.key)
        var receiver = FrameCipher(key: Self.key)
        for message in [[UInt8](), [1], [UInt8](repeating: 9, count: 1000)] {
            let frame = try sender.seal(message)
            let length = Int(frame[0]) << 24 | Int(frame[1]) << 16 | Int(frame[2]) << 8 | Int(frame[3])
            #expect(length == message.count + 16)
            #expect(frame.count == 4 + length)
            #expect(try receiver.open(Array(frame[4...])) == message)
        }
        #expect(sender.counter == 3 && receiver.counter == 3)
    }

    @Test("a flipped bit, a replay, a reordering or another key fails authentication")
    func rejections() throws {
        var sender = FrameCipher(key: Self.key)
        let first = Array(try sender.seal([1, 2, 3])[4...])
        let second = Array(try sender.seal([4, 5, 6])[4...])

        var tampered = first
        tampered[0] ^= 1
        var receiver = FrameCipher(key: Self.key)
        #expect(throws: FrameError.authenticationFailed(frame: 0)) { try receiver.open(tampered) }

        receiver = FrameCipher(key: Self.key)
        _ = try receiver.open(first)
        #expect(throws: FrameError.authenticationFailed(frame: 1)) { try receiver.open(first) }

        receiver = FrameCipher(key: Self.key)
        #expect(throws: FrameError.authenticationFailed(frame: 0)) { try receiver.open(second) }

        receiver = FrameCipher(key: [UInt8](repeating: 0x43, count: 32))
        #expect(throws: FrameError.authenticationFailed(frame: 0)) { try receiver.open(first) }

        #expect(throws: FrameError.frameTooShort(length: 15)) { try receiver.open([UInt8](repeating: 0, count: 15)) }
    }
}
