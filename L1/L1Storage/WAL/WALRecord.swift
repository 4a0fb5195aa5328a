/// One entry of the consensus write-ahead log.
///
/// The log does not know what a consensus message is: a ``message(_:)`` is opaque bytes (an encoded consensus
/// input, written before the engine processes it), and ``endHeight(_:)`` marks that a height is complete.
public enum WALRecord: Equatable, Sendable {
    /// An encoded consensus input, replayed on restart.
    case message([UInt8])
    /// Height `height` is complete (its block is committed): what follows belongs to `height + 1`.
    case endHeight(UInt64)

    /// The kind byte that tags a record in the log's framing.
    public var kind: WALRecordKind {
        switch self {
        case .message: .message
        case .endHeight: .endHeight
        }
    }

    /// The bytes stored after the kind byte: the message as given, or the height as 8 big-endian bytes.
    public var payload: [UInt8] {
        switch self {
        case .message(let bytes): bytes
        case .endHeight(let height): withUnsafeBytes(of: height.bigEndian) { Array($0) }
        }
    }
}

/// The kind byte of a write-ahead-log record. Any other value in a frame marks it as corrupt.
public enum WALRecordKind: UInt8, Sendable, CaseIterable {
    /// A ``WALRecord/message(_:)``: opaque payload of any length up to the log's limit.
    case message = 1
    /// A ``WALRecord/endHeight(_:)``: an 8-byte big-endian height.
    case endHeight = 2
}
