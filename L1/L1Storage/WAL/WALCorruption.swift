/// Why the scan of a write-ahead log stopped before the end of its bytes. Each case gives the byte offset of the
/// first frame that could not be read; everything from there on is the torn or corrupt tail.
public enum WALCorruption: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer than the 9 header bytes remain (a write torn inside the header).
    case shortHeader(offset: Int, available: Int)
    /// The header announces `length` payload bytes but only `available` remain (a write torn inside the payload).
    case shortPayload(offset: Int, length: Int, available: Int)
    /// The announced payload length is above the log's limit: the length field is garbage, or the record was
    /// written under a higher limit.
    case oversizeLength(offset: Int, length: Int, limit: Int)
    /// The CRC-32C of kind byte and payload does not match the one stored in the header.
    case checksumMismatch(offset: Int, stored: UInt32, computed: UInt32)
    /// The checksum matches but the kind byte names no ``WALRecordKind``.
    case unknownKind(offset: Int, kind: UInt8)
    /// An end-of-height record whose payload is not exactly 8 bytes.
    case malformedEndHeight(offset: Int, length: Int)
    /// An end-of-height marker that does not move past the previous one (markers only go up).
    case endHeightOutOfOrder(offset: Int, height: UInt64, previous: UInt64)

    /// The byte offset of the frame that could not be read.
    public var offset: Int {
        switch self {
        case .shortHeader(let offset, _), .shortPayload(let offset, _, _), .oversizeLength(let offset, _, _),
            .checksumMismatch(let offset, _, _), .unknownKind(let offset, _), .malformedEndHeight(let offset, _),
            .endHeightOutOfOrder(let offset, _, _):
            offset
        }
    }

    /// A sentence saying what was wrong with the frame, for the node's log.
    public var description: String {
        switch self {
        case .shortHeader(let offset, let available):
            "torn record header at offset \(offset): \(available) of 9 header bytes present"
        case .shortPayload(let offset, let length, let available):
            "torn record at offset \(offset): payload of \(length) bytes, only \(available) present"
        case .oversizeLength(let offset, let length, let limit):
            "record at offset \(offset) claims \(length) payload bytes, above the limit of \(limit)"
        case .checksumMismatch(let offset, let stored, let computed):
            "record at offset \(offset) fails its CRC-32C check (stored \(hex(stored)), computed \(hex(computed)))"
        case .unknownKind(let offset, let kind):
            "record at offset \(offset) has unknown kind byte \(kind)"
        case .malformedEndHeight(let offset, let length):
            "end-of-height record at offset \(offset) has a \(length)-byte payload instead of 8"
        case .endHeightOutOfOrder(let offset, let height, let previous):
            "end-of-height marker \(height) at offset \(offset) does not follow marker \(previous)"
        }
    }
}

/// `0x` and eight hex digits.
private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
