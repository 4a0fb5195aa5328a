/// The on-medium framing of write-ahead-log records, and the scan that reads it back.
///
/// Each record is one frame: `[u32 BE payload length][u32 BE CRC-32C of kind byte + payload][u8 kind][payload]`.
/// The length is not covered by the checksum, but a wrong length moves the checksummed range, so a damaged length
/// fails the check too (or is caught as oversize or short before any large allocation).
enum WALFrame {
    /// Length (4) + checksum (4) + kind (1).
    static let headerSize = 9

    /// The frame for one record.
    static func encode(_ record: WALRecord) -> [UInt8] {
        let payload = record.payload
        let kind = record.kind.rawValue
        var crc = CRC32C()
        crc.update(kind)
        crc.update(payload)
        var frame = [UInt8]()
        frame.reserveCapacity(headerSize + payload.count)
        appendBigEndian(UInt32(payload.count), to: &frame)
        appendBigEndian(crc.value, to: &frame)
        frame.append(kind)
        frame.append(contentsOf: payload)
        return frame
    }

    /// A record found by a scan, with where its frame starts.
    struct Located {
        /// The decoded record.
        var record: WALRecord
        /// The byte offset of its frame.
        var offset: Int
    }

    /// The outcome of reading a log from the start.
    struct Scan {
        /// Every valid record, in order, up to the first bad frame.
        var records: [Located]
        /// The end of the last valid record.
        var goodByteCount: Int
        /// Why the scan stopped before the end of the bytes, or `nil` if it read them all.
        var corruption: WALCorruption?
    }

    /// Reads frames from the start of `bytes` until the end or the first frame that does not check out.
    static func scan(_ bytes: [UInt8], maxRecordSize: Int) -> Scan {
        var records = [Located]()
        var offset = 0
        var lastEndHeight: UInt64?
        while offset < bytes.count {
            switch decodeFrame(in: bytes, at: offset, maxRecordSize: maxRecordSize, lastEndHeight: lastEndHeight) {
            case .success(let (record, end)):
                records.append(Located(record: record, offset: offset))
                if case .endHeight(let height) = record { lastEndHeight = height }
                offset = end
            case .failure(let corruption):
                return Scan(records: records, goodByteCount: offset, corruption: corruption)
            }
        }
        return Scan(records: records, goodByteCount: offset, corruption: nil)
    }

    /// Decodes the frame at `offset`, returning the record and the offset just past it.
    private static func decodeFrame(
        in bytes: [UInt8], at offset: Int, maxRecordSize: Int, lastEndHeight: UInt64?
    ) -> Result<(WALRecord, Int), WALCorruption> {
        let available = bytes.count - offset
        guard available >= headerSize else { return .failure(.shortHeader(offset: offset, available: available)) }
        let length = Int(readBigEndian(bytes, at: offset))
        let stored = readBigEndian(bytes, at: offset + 4)
        let kindByte = bytes[offset + 8]
        guard length <= maxRecordSize else {
            return .failure(.oversizeLength(offset: offset, length: length, limit: maxRecordSize))
        }
        let payloadStart = offset + headerSize
        guard bytes.count - payloadStart >= length else {
            return .failure(.shortPayload(offset: offset, length: length, available: bytes.count - payloadStart))
        }
        let payload = bytes[payloadStart..<payloadStart + length]
        var crc = CRC32C()
        crc.update(kindByte)
        crc.update(payload)
        guard crc.value == stored else {
            return .failure(.checksumMismatch(offset: offset, stored: stored, computed: crc.value))
        }
        guard let kind = WALRecordKind(rawValue: kindByte) else {
            return .failure(.unknownKind(offset: offset, kind: kindByte))
        }
        switch kind {
        case .message:
            return .success((.message(Array(payload)), payloadStart + length))
        case .endHeight:
            guard length == 8 else { return .failure(.malformedEndHeight(offset: offset, length: length)) }
            let height =
                UInt64(readBigEndian(bytes, at: payloadStart)) << 32
                | UInt64(readBigEndian(bytes, at: payloadStart + 4))
            if let lastEndHeight, height <= lastEndHeight {
                return .failure(.endHeightOutOfOrder(offset: offset, height: height, previous: lastEndHeight))
            }
            return .success((.endHeight(height), payloadStart + length))
        }
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// The big-endian `UInt32` at `offset` (the caller has checked that 4 bytes are there).
    private static func readBigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
