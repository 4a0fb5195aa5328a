import Common
import Testing

@testable import L1Storage

@Suite("WAL recovery from torn and corrupt tails")
struct WALRecoveryTests {
    @Test("truncated at every byte offset, the reopened log holds exactly the records that were complete")
    func everyTruncationPoint() throws {
        let records = sampleRecords(heights: 1...3, messagesPerHeight: 2) + [.message([])]
        let (bytes, ends) = framed(records)
        for cut in 0...bytes.count {
            let medium = MemoryWALMedium(content: Array(bytes[..<cut]))
            let log = try WriteAheadLog.open(medium: medium)
            let complete = ends.filter { $0 <= cut }.count
            let goodEnd = complete == 0 ? 0 : ends[complete - 1]
            #expect(try log.records() == Array(records[..<complete]), "cut at \(cut)")
            #expect(log.recovery.goodRecordCount == complete)
            #expect(log.recovery.goodByteCount == goodEnd)
            #expect(log.recovery.bytesCut == cut - goodEnd)
            #expect(log.recovery.isClean == (cut == goodEnd), "cut at \(cut)")
            #expect(medium.content == Array(bytes[..<goodEnd]), "medium truncated to the last good record")
            let expectedMarker = records[..<complete].reversed().lazy.compactMap { record -> UInt64? in
                if case .endHeight(let height) = record { height } else { nil }
            }.first
            #expect(log.lastEndHeight == expectedMarker)

            // The recovered log takes new records after the last good one.
            try log.append(message: [42])
            try log.sync()
            #expect(try WriteAheadLog.open(medium: medium).records() == Array(records[..<complete]) + [.message([42])])
        }
    }

    @Test("a torn tail is reported as a short header or a short payload")
    func tornReasons() throws {
        let (bytes, ends) = framed([.message([1, 2, 3]), .message([4, 5, 6, 7])])
        let inHeader = try WriteAheadLog.open(medium: MemoryWALMedium(content: Array(bytes[..<(ends[0] + 5)])))
        #expect(inHeader.recovery.reason == .shortHeader(offset: ends[0], available: 5))
        let inPayload = try WriteAheadLog.open(medium: MemoryWALMedium(content: Array(bytes[..<(ends[0] + 11)])))
        #expect(inPayload.recovery.reason == .shortPayload(offset: ends[0], length: 4, available: 2))
    }

    @Test("a flipped byte anywhere in a record cuts the log back to the record before it")
    func flippedByte() throws {
        let records = sampleRecords(heights: 1...3)
        let (bytes, ends) = framed(records)
        for offset in 0..<bytes.count {
            let medium = MemoryWALMedium(content: bytes)
            medium.corruptByte(at: offset, xor: 0x10)
            let log = try WriteAheadLog.open(medium: medium)
            let damaged = ends.firstIndex { $0 > offset } ?? records.count
            #expect(try log.records() == Array(records[..<damaged]), "flip at \(offset)")
            #expect(log.recovery.reason?.offset == (damaged == 0 ? 0 : ends[damaged - 1]), "flip at \(offset)")
            #expect(log.recovery.bytesCut == bytes.count - (damaged == 0 ? 0 : ends[damaged - 1]))
        }
    }

    @Test("a flipped payload byte is a checksum mismatch naming both checksums")
    func checksumReason() throws {
        let (bytes, ends) = framed([.message([1, 2, 3]), .message([4, 5, 6])])
        let medium = MemoryWALMedium(content: bytes)
        medium.corruptByte(at: ends[0] + 10, xor: 0x01)
        let log = try WriteAheadLog.open(medium: medium)
        guard case .checksumMismatch(let offset, let stored, let computed) = log.recovery.reason else {
            Issue.record("expected a checksum mismatch, got \(String(describing: log.recovery.reason))")
            return
        }
        #expect(offset == ends[0])
        #expect(stored == CRC32C.checksum([1, 4, 5, 6]))
        #expect(computed == CRC32C.checksum([1, 4, 4, 6]))
    }

    /// A frame with a valid checksum over any kind byte and payload.
    private func rawFrame(kind: UInt8, payload: [UInt8]) -> [UInt8] {
        var crc = CRC32C()
        crc.update(kind)
        crc.update(payload)
        let length = UInt32(payload.count)
        return withUnsafeBytes(of: length.bigEndian, Array.init) + withUnsafeBytes(of: crc.value.bigEndian, Array.init)
            + [kind] + payload
    }

    @Test("a well-checksummed frame of unknown kind, a 7-byte end-of-height, or a falling marker is a corrupt tail")
    func invalidButChecksummed() throws {
        let good = WALFrame.encode(.endHeight(9))
        let cases: [([UInt8], WALCorruption)] = [
            (rawFrame(kind: 3, payload: [1]), .unknownKind(offset: good.count, kind: 3)),
            (rawFrame(kind: 0, payload: []), .unknownKind(offset: good.count, kind: 0)),
            (rawFrame(kind: 2, payload: [0, 0, 0, 0, 0, 0, 10]), .malformedEndHeight(offset: good.count, length: 7)),
            (WALFrame.encode(.endHeight(9)), .endHeightOutOfOrder(offset: good.count, height: 9, previous: 9)),
            (WALFrame.encode(.endHeight(3)), .endHeightOutOfOrder(offset: good.count, height: 3, previous: 9)),
        ]
        for (bad, reason) in cases {
            let medium = MemoryWALMedium(content: good + bad + WALFrame.encode(.message([1])))
            let log = try WriteAheadLog.open(medium: medium)
            #expect(log.recovery.reason == reason)
            #expect(try log.records() == [.endHeight(9)])
            #expect(medium.content == good)
        }
    }

    @Test("zero-filled tail (pre-allocated or torn pages) is cut")
    func zeroTail() throws {
        let (bytes, _) = framed([.message([1]), .endHeight(1)])
        let medium = MemoryWALMedium(content: bytes + [UInt8](repeating: 0, count: 4096))
        let log = try WriteAheadLog.open(medium: medium)
        #expect(log.recovery.bytesCut == 4096)
        #expect(
            log.recovery.reason == .checksumMismatch(offset: bytes.count, stored: 0, computed: CRC32C.checksum([0])))
        #expect(try log.records() == [.message([1]), .endHeight(1)])
    }

    @Test("random crashes keep every synced record and at most a prefix of the unsynced ones (seeded)")
    func randomCrashes() throws {
        for seed in UInt64(1)...200 {
            var rng = SplitMix64(seed: seed)
            let medium = MemoryWALMedium()
            var log = try WriteAheadLog.open(medium: medium)
            var synced = [WALRecord]()
            var written = [WALRecord]()
            var height: UInt64 = 0
            for _ in 0..<60 {
                switch rng.next() % 10 {
                case 0...5:
                    let record = WALRecord.message(rng.bytes(Int(rng.next() % 50)))
                    try log.append(record)
                    written.append(record)
                case 6:
                    height += 1
                    try log.appendEndHeight(height)
                    written.append(.endHeight(height))
                case 7, 8:
                    try log.sync()
                    synced = written
                default:
                    medium.simulateCrash(using: &rng)
                    log = try WriteAheadLog.open(medium: medium)
                    let survived = try log.records()
                    #expect(survived.count >= synced.count, "seed \(seed)")
                    #expect(
                        Array(written.prefix(survived.count)) == survived, "seed \(seed): a prefix of what was written")
                    written = survived
                    synced = survived
                    height = log.lastEndHeight ?? 0
                }
            }
        }
    }

    @Test("a crash with nothing synced since open leaves the log as it was opened")
    func crashLosesOnlyUnsynced() throws {
        let (bytes, _) = framed(sampleRecords(heights: 1...2))
        let medium = MemoryWALMedium(content: bytes)
        let log = try WriteAheadLog.open(medium: medium)
        try log.append(message: [UInt8](repeating: 3, count: 100))
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20 {
            medium.simulateCrash(using: &rng)
        }
        #expect(try WriteAheadLog.open(medium: medium).records() == sampleRecords(heights: 1...2))
    }

    @Test("a failed append is undone, and the log keeps working")
    func failedAppend() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium)
        try log.append(message: [1])
        medium.failNextAppend = true
        #expect(throws: WALError.self) { try log.append(message: [UInt8](repeating: 2, count: 30)) }
        #expect(medium.content == WALFrame.encode(.message([1])), "the half-written frame was cut")
        try log.append(message: [3])
        try log.sync()
        #expect(try WriteAheadLog.open(medium: medium).records() == [.message([1]), .message([3])])
    }

    @Test("after a failed sync the log refuses further work until it is reopened")
    func failedSync() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium)
        try log.append(message: [1])
        medium.failNextSync = true
        #expect(throws: WALError.self) { try log.sync() }
        #expect {
            try log.append(message: [2])
        } throws: { error in
            guard case WALError.unusable = error else { return false }
            return true
        }
        let reopened = try WriteAheadLog.open(medium: medium)
        try reopened.append(message: [2])
        try reopened.sync()
        #expect(try reopened.records() == [.message([1]), .message([2])])
    }
}
