/// The on-disk framing of sequencer-log records, and the scan that reads it back.
///
/// Each record is one frame: `[u32 BE payload length][u32 BE CRC-32C of kind byte + payload][u8 kind][payload]`.
/// The length is not covered by the checksum, but a wrong length moves the checksummed range, so a damaged
/// length fails the check too (or is caught as oversize or short before any large allocation).
public enum SequencerLogFrame {
    /// Length (4) + checksum (4) + kind (1).
    public static let headerSize = 9

    /// The largest payload a frame may declare: a transaction at its cap, with room to spare.
    public static let maxPayloadBytes = 64 * 1024

    /// The frame of `record`.
    public static func encode(_ record: SequencerLogRecord) -> [UInt8] {
        var frame = [UInt8]()
        append(record, to: &frame)
        return frame
    }

    /// Appends the frame of `record` to `bytes`.
    public static func append(_ record: SequencerLogRecord, to bytes: inout [UInt8]) {
        let payload = record.payload
        let kind = record.kind
        var crc = CRC32C()
        crc.update(kind)
        crc.update(payload)
        bytes.reserveCapacity(bytes.count + headerSize + payload.count)
        appendBigEndian(UInt32(payload.count), to: &bytes)
        appendBigEndian(crc.value, to: &bytes)
        bytes.append(kind)
        bytes.append(contentsOf: payload)
    }

    /// Why a scan stopped before the end of the bytes: a torn tail after a crash, or damage.
    public enum Damage: Hashable, Sendable, CustomStringConvertible {
        /// Fewer than ``headerSize`` bytes left.
        case shortHeader(offset: Int)
        /// The frame declares more than ``maxPayloadBytes``.
        case oversize(offset: Int, length: Int)
        /// The payload runs past the end.
        case shortPayload(offset: Int, length: Int)
        /// The checksum does not match.
        case checksumMismatch(offset: Int)
        /// The kind is unknown or the payload does not decode.
        case malformedRecord(offset: Int, kind: UInt8)

        /// Where the bad frame starts.
        public var offset: Int {
            switch self {
            case .shortHeader(let offset), .oversize(let offset, _), .shortPayload(let offset, _),
                .checksumMismatch(let offset), .malformedRecord(let offset, _):
                offset
            }
        }

        /// One line for the node's log.
        public var description: String {
            switch self {
            case .shortHeader(let offset): "torn frame header at byte \(offset)"
            case .oversize(let offset, let length): "frame at byte \(offset) declares \(length) bytes"
            case .shortPayload(let offset, let length): "torn payload of \(length) bytes at byte \(offset)"
            case .checksumMismatch(let offset): "checksum mismatch in the frame at byte \(offset)"
            case .malformedRecord(let offset, let kind): "malformed record of kind \(kind) at byte \(offset)"
            }
        }
    }

    /// What a scan read: every valid record up to the first bad frame, and where the good bytes end.
    public struct Scan: Sendable {
        /// The valid records, in order.
        public var records: [SequencerLogRecord]
        /// The end of the last valid frame.
        public var goodByteCount: Int
        /// Why the scan stopped early, or `nil` if it read every byte.
        public var damage: Damage?
    }

    /// Reads frames from the start of `bytes` until the end or the first frame that does not check out.
    ///
    /// Zero bytes from a frame boundary to the end are space preallocated for later frames (``FileLogMedium``),
    /// not damage: the scan ends there cleanly. No frame is all zeros (its checksum covers its kind byte, and
    /// the CRC-32C of a zero kind is not zero), so zeros followed by anything else are damage as before. The check
    /// stops at the first non-zero byte, within a frame's first nine bytes.
    public static func scan(_ bytes: [UInt8]) -> Scan {
        var records = [SequencerLogRecord]()
        var offset = 0
        while offset < bytes.count {
            if bytes[offset...].allSatisfy({ $0 == 0 }) {
                return Scan(records: records, goodByteCount: offset, damage: nil)
            }
            let available = bytes.count - offset
            guard available >= headerSize else {
                return Scan(records: records, goodByteCount: offset, damage: .shortHeader(offset: offset))
            }
            let length = Int(readBigEndian(bytes, at: offset))
            let stored = readBigEndian(bytes, at: offset + 4)
            let kind = bytes[offset + 8]
            guard length <= maxPayloadBytes else {
                return Scan(records: records, goodByteCount: offset, damage: .oversize(offset: offset, length: length))
            }
            let start = offset + headerSize
            guard bytes.count - start >= length else {
                return Scan(
                    records: records, goodByteCount: offset, damage: .shortPayload(offset: offset, length: length))
            }
            let payload = bytes[start..<start + length]
            var crc = CRC32C()
            crc.update(kind)
            crc.update(payload)
            guard crc.value == stored else {
                return Scan(records: records, goodByteCount: offset, damage: .checksumMismatch(offset: offset))
            }
            guard let record = SequencerLogRecord(kind: kind, payload: payload) else {
                return Scan(
                    records: records, goodByteCount: offset, damage: .malformedRecord(offset: offset, kind: kind))
            }
            records.append(record)
            offset = start + length
        }
        return Scan(records: records, goodByteCount: offset, damage: nil)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    private static func readBigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
