/// Why a frame was refused. Any of these closes the connection: after a bad frame the stream cannot be trusted.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The length prefix announced more bytes than allowed at this point; refused before reading or allocating them.
    case frameTooLarge(length: Int, cap: Int)
    /// The length prefix announced fewer bytes than a tag (and, after the handshake, a channel byte) need.
    case frameTooShort(length: Int)
    /// The ciphertext of frame number `frame` did not authenticate: tampered, replayed, reordered or wrong key.
    case authenticationFailed(frame: UInt64)
    /// The frame names a channel this node does not have.
    case unknownChannel(ChannelID)
    /// The message is larger than its channel allows.
    case messageTooLarge(channel: ChannelID, size: Int, cap: Int)
    /// The 64-bit frame counter ran out; the connection must be re-established.
    case counterExhausted

    /// A sentence saying what was wrong, for logs.
    public var description: String {
        switch self {
        case .frameTooLarge(let length, let cap):
            "frame of \(length) bytes exceeds the cap of \(cap) bytes"
        case .frameTooShort(let length):
            "frame of \(length) bytes is too short to hold a tag and a channel byte"
        case .authenticationFailed(let frame):
            "frame \(frame) failed authentication (tampered, replayed or reordered)"
        case .unknownChannel(let channel):
            "frame names unknown channel \(channel)"
        case .messageTooLarge(let channel, let size, let cap):
            "message of \(size) bytes on channel \(channel) exceeds its cap of \(cap) bytes"
        case .counterExhausted:
            "frame counter exhausted; reconnect"
        }
    }
}
