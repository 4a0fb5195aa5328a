import Common
import Testing

@testable import L1Storage

@Suite("WAL framing and round trip")
struct WALFramingTests {
    @Test("a frame is length (u32 BE), CRC-32C of kind + payload (u32 BE), kind, payload")
    func frameLayout() {
        let frame = WALFrame.encode(.message([0xAA, 0xBB, 0xCC]))
        #expect(frame.count == 9 + 3)
        #expect(frame[0..<4] == [0, 0, 0, 3])
        let crc = CRC32C.checksum([1, 0xAA, 0xBB, 0xCC])
        #expect(
            frame[4..<8] == [UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)])
        #expect(frame[8] == 1)
        #expect(frame[9...] == [0xAA, 0xBB, 0xCC])

        let marker = WALFrame.encode(.endHeight(0x0102_0304_0506_0708))
        #expect(marker[0..<4] == [0, 0, 0, 8])
        #expect(marker[8] == 2)
        #expect(Array(marker[9...]) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test("records written, synced and reopened come back identical, with a clean recovery")
    func roundTrip() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium)
        #expect(log.recovery == WALRecovery(goodRecordCount: 0, goodByteCount: 0, bytesCut: 0, reason: nil))
        let records = sampleRecords(heights: 1...4) + [.message([]), .message([7])]
        for record in records { try log.append(record) }
        try log.sync()
        #expect(try log.records() == records)
        #expect(log.lastEndHeight == 4)
        #expect(log.recordCount == records.count)
        #expect(log.byteCount == medium.content.count)

        let reopened = try WriteAheadLog.open(medium: medium)
        #expect(reopened.recovery.isClean)
        #expect(reopened.recovery.goodRecordCount == records.count)
        #expect(try reopened.records() == records)
        #expect(reopened.lastEndHeight == 4)
        #expect(reopened.byteCount == log.byteCount)
    }

    @Test("a message above the record limit is refused on write and nothing reaches the medium")
    func oversizeOnWrite() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium, maxRecordSize: 16)
        try log.append(message: [UInt8](repeating: 1, count: 16))
        let before = medium.content
        #expect(throws: WALError.recordTooLarge(size: 17, limit: 16)) {
            try log.append(message: [UInt8](repeating: 1, count: 17))
        }
        #expect(medium.content == before)
        #expect(log.recordCount == 1)
    }

    @Test("a record above the limit is a corrupt tail on read: the log is cut before it")
    func oversizeOnRead() throws {
        let medium = MemoryWALMedium()
        let writer = try WriteAheadLog.open(medium: medium, maxRecordSize: 64)
        try writer.append(message: [1, 2, 3])
        try writer.append(message: [UInt8](repeating: 9, count: 40))
        try writer.sync()
        let firstEnd = 9 + 3

        let reader = try WriteAheadLog.open(medium: medium, maxRecordSize: 32)
        #expect(reader.recovery.reason == .oversizeLength(offset: firstEnd, length: 40, limit: 32))
        #expect(reader.recovery.bytesCut == 9 + 40)
        #expect(try reader.records() == [.message([1, 2, 3])])
        #expect(medium.content.count == firstEnd)
    }

    @Test("a garbage length of nearly 4 GiB is reported as oversize, without allocating it")
    func hugeLength() throws {
        let medium = MemoryWALMedium(content: [0xFF, 0xFF, 0xFF, 0xF0, 0, 0, 0, 0, 1, 5])
        let log = try WriteAheadLog.open(medium: medium)
        #expect(
            log.recovery.reason
                == .oversizeLength(offset: 0, length: 0xFFFF_FFF0, limit: WriteAheadLog.defaultMaxRecordSize))
        #expect(medium.content.isEmpty)
    }

    @Test("the record limit must be between 8 bytes and UInt32.max")
    func recordLimit() {
        #expect(throws: WALError.invalidRecordLimit(7)) {
            try WriteAheadLog.open(medium: MemoryWALMedium(), maxRecordSize: 7)
        }
        #expect(throws: WALError.invalidRecordLimit(Int(UInt32.max) + 1)) {
            try WriteAheadLog.open(medium: MemoryWALMedium(), maxRecordSize: Int(UInt32.max) + 1)
        }
    }

    @Test("end-of-height markers must increase; a repeated or lower marker is refused and not written")
    func markersIncrease() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium)
        try log.appendEndHeight(5)
        let before = medium.content
        #expect(throws: WALError.endHeightNotIncreasing(height: 5, last: 5)) { try log.appendEndHeight(5) }
        #expect(throws: WALError.endHeightNotIncreasing(height: 4, last: 5)) { try log.appendEndHeight(4) }
        #expect(medium.content == before)
        try log.appendEndHeight(7)
        #expect(log.lastEndHeight == 7)
    }
}
