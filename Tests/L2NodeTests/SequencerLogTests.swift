import Common
import Foundation
import Synchronization
import Testing

@testable import L2Node

@Suite("Sequencer log: framing, torn tails, damage, group commit")
struct SequencerLogTests {
    static let records: [SequencerLogRecord] = [
        .blockOpened(number: 1, timestampMillis: 1_700_000_000_000, parentHash: Hash.blake2b([1])),
        .transaction([UInt8](repeating: 7, count: 150)),
        .transaction([1, 2, 3]),
        .blockSealed(number: 1, headerHash: Hash.blake2b([2])),
        .blockOpened(number: 2, timestampMillis: 1_700_000_000_200, parentHash: nil),
        .transaction([4, 5]),
    ]

    static var bytes: [UInt8] { records.flatMap(SequencerLogFrame.encode) }

    @Test("CRC-32C check value of \"123456789\" is 0xE3069283")
    func crcCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test("records read back in order from their frames")
    func roundTrip() {
        let scan = SequencerLogFrame.scan(Self.bytes)
        #expect(scan.records == Self.records)
        #expect(scan.goodByteCount == Self.bytes.count)
        #expect(scan.damage == nil)
    }

    @Test("a log cut at any byte keeps exactly the whole records before the cut")
    func tornTailAtEveryByte() {
        let bytes = Self.bytes
        var ends: [Int] = []
        var offset = 0
        for record in Self.records {
            offset += SequencerLogFrame.encode(record).count
            ends.append(offset)
        }
        for cut in 0...bytes.count {
            let scan = SequencerLogFrame.scan(Array(bytes[..<cut]))
            let whole = ends.filter { $0 <= cut }.count
            #expect(scan.records == Array(Self.records.prefix(whole)), "cut at \(cut)")
            #expect(scan.goodByteCount == (whole == 0 ? 0 : ends[whole - 1]))
            // A torn tail is damage, unless what was written of it is zeros (the start of a frame's length):
            // those read as preallocated space, and are cut the same way.
            let tornZeros = bytes[scan.goodByteCount..<cut].allSatisfy { $0 == 0 }
            #expect((scan.damage == nil) == tornZeros, "cut at \(cut)")
        }
    }

    @Test("a flipped byte anywhere in a record stops the scan at that record")
    func corruptRecord() {
        let bytes = Self.bytes
        let firstLength = SequencerLogFrame.encode(Self.records[0]).count
        let secondLength = SequencerLogFrame.encode(Self.records[1]).count
        for position in firstLength..<(firstLength + secondLength) {
            var damaged = bytes
            damaged[position] ^= 0x40
            let scan = SequencerLogFrame.scan(damaged)
            #expect(scan.records == [Self.records[0]], "flip at \(position)")
            #expect(scan.goodByteCount == firstLength)
            #expect(scan.damage != nil)
        }
    }

    @Test("opening a log cuts its torn tail from the medium")
    func openTruncates() throws {
        let medium = MemoryLogMedium(bytes: Self.bytes + [0, 0, 0, 9, 1, 2])
        let (log, recovery) = try GroupCommitLog.open(medium: medium)
        defer { log.close() }
        #expect(recovery.records == Self.records)
        #expect(recovery.bytesCut == 6)
        #expect(medium.bytes == Self.bytes)
        #expect(log.durablePosition == UInt64(Self.records.count))
    }

    @Test("an appended record is reported durable only after the medium's sync returns")
    func durableOnlyAfterSync() async throws {
        let medium = MemoryLogMedium()
        let (log, _) = try GroupCommitLog.open(medium: medium)
        defer { log.close() }
        medium.holdSyncs()
        let position = try log.append(.transaction([1, 2, 3]))
        let done = Mutex(false)
        let waiter = Task {
            try await log.waitUntilDurable(position)
            done.withLock { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(!done.withLock { $0 }, "no durability before the sync")
        #expect(log.durablePosition == 0)
        medium.releaseSyncs()
        try await waiter.value
        #expect(done.withLock { $0 })
        #expect(medium.syncedBytes == SequencerLogFrame.encode(.transaction([1, 2, 3])))
    }

    @Test("one sync covers every record appended while the previous sync ran (group commit)")
    func groupCommit() async throws {
        let medium = MemoryLogMedium()
        let (log, _) = try GroupCommitLog.open(medium: medium)
        defer { log.close() }
        medium.holdSyncs()
        try log.append(.transaction([0]))
        try await Task.sleep(for: .milliseconds(20))
        var last: UInt64 = 0
        for byte in 1...100 { last = try log.append(.transaction([UInt8(byte)])) }
        medium.releaseSyncs()
        try await log.waitUntilDurable(last)
        #expect(medium.syncCount <= 3, "101 records took \(medium.syncCount) syncs")
    }

    @Test("a failed sync stops the log: waiters and later appends get an error, nothing is reported durable")
    func failedSync() async throws {
        let medium = MemoryLogMedium()
        let (log, _) = try GroupCommitLog.open(medium: medium)
        defer { log.close() }
        medium.failNextSync()
        let position = try log.append(.transaction([1]))
        await #expect(throws: SequencerLogError.self) { try await log.waitUntilDurable(position) }
        #expect(log.durablePosition == 0)
        #expect(throws: SequencerLogError.self) { try log.append(.transaction([2])) }
    }

    @Test("a file log survives reopening, and a torn tail written to the file is cut")
    func fileMedium() throws {
        let directory = NSTemporaryDirectory() + "l2log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sequencer.log"
        do {
            let medium = try FileLogMedium(path: path, preallocationBytes: 0)
            try medium.append(Self.bytes)
            try medium.append([0, 0, 1])
            try medium.sync()
        }
        let (log, recovery) = try GroupCommitLog.open(medium: try FileLogMedium(path: path))
        log.close()
        #expect(recovery.records == Self.records)
        #expect(recovery.bytesCut == 3)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.size] as? Int) == Self.bytes.count)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("zeros from a frame boundary to the end are a clean end; zeros followed by anything else are damage")
    func zeroTail() {
        let zeros = [UInt8](repeating: 0, count: 100)
        let clean = SequencerLogFrame.scan(Self.bytes + zeros)
        #expect(clean.records == Self.records && clean.goodByteCount == Self.bytes.count && clean.damage == nil)
        let all = SequencerLogFrame.scan(zeros)
        #expect(all.records.isEmpty && all.goodByteCount == 0 && all.damage == nil)
        let damaged = SequencerLogFrame.scan(Self.bytes + zeros + [1])
        #expect(damaged.records == Self.records && damaged.damage == .checksumMismatch(offset: Self.bytes.count))
        let empty = SequencerLogFrame.encode(.transaction([]))
        #expect(empty.contains { $0 != 0 }, "no frame is all zeros, not even an empty one")
    }

    @Test("a preallocated file log writes into zeros written ahead; reopened, it ends cleanly at its last frame")
    func preallocatedFile() async throws {
        let directory = NSTemporaryDirectory() + "l2log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sequencer.log"
        func fileSize() throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int }

        var expected: [SequencerLogRecord] = []
        for round in 0..<3 {
            let (log, recovery) = try GroupCommitLog.open(
                medium: try FileLogMedium(path: path, preallocationBytes: 4096))
            #expect(recovery.records == expected && recovery.damage == nil, "round \(round)")
            #expect(recovery.bytesCut == 0, "the zeros written ahead are no data cut")
            #expect(try fileSize() == expected.flatMap(SequencerLogFrame.encode).count, "the zeros are cut at open")
            // Past the first 4 KiB, and a record larger than 4 KiB: the file grows, keeping 4 KiB of zeros ahead.
            let records =
                Self.records + (0..<20).map { .transaction([UInt8](repeating: UInt8($0), count: 200)) }
                + [.transaction([UInt8](repeating: 9, count: 6_000))]
            let position = try log.append(records)
            try await log.waitUntilDurable(position)
            log.close()
            expected += records
            let written = expected.flatMap(SequencerLogFrame.encode).count
            let size = try #require(try fileSize())
            #expect(size > written, "zeros are written ahead of the frames")
            let content = try #require(FileManager.default.contents(atPath: path))
            #expect(Array(content.prefix(written)) == expected.flatMap(SequencerLogFrame.encode))
            #expect(content.dropFirst(written).allSatisfy { $0 == 0 })
        }

        // A torn frame in the zeros (its second half never written) is damage, cut at the next open.
        let torn = SequencerLogFrame.encode(.transaction([UInt8](repeating: 5, count: 100)))
        do {
            let medium = try FileLogMedium(path: path, preallocationBytes: 4096)
            let (log, _) = try GroupCommitLog.open(medium: medium)
            log.close()
            try medium.append(Array(torn.prefix(50)))
            try medium.sync()
        }
        let good = expected.flatMap(SequencerLogFrame.encode).count
        let (log, recovery) = try GroupCommitLog.open(medium: try FileLogMedium(path: path))
        log.close()
        #expect(recovery.records == expected)
        #expect(recovery.damage == .checksumMismatch(offset: good))
        #expect(recovery.bytesCut == 50, "the torn frame's bytes, not the zeros after them")
        #expect(try fileSize() == good)
    }
}
