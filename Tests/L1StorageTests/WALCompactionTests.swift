import Common
import Testing

@testable import L1Storage

@Suite("WAL compaction")
struct WALCompactionTests {
    @Test("compaction keeps the last marker and what follows, and replay of the current height is unchanged")
    func memoryCompaction() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium)
        for record in sampleRecords(heights: 1...5) + [.message([6, 1])] { try log.append(record) }
        let before = try log.messages(forHeight: 6)
        let removed = try log.compact()
        #expect(removed > 0)
        #expect(try log.records() == [.endHeight(5), .message([6, 1])])
        #expect(log.recordCount == 2)
        #expect(log.byteCount == medium.content.count)
        #expect(medium.syncedByteCount == medium.content.count, "the rewrite is durable")
        #expect(try log.messages(forHeight: 6) == before)
        #expect(log.lastEndHeight == 5)

        // The log goes on after compaction, and compacts again.
        try log.append(message: [6, 2])
        try log.appendEndHeight(6)
        try log.append(message: [7, 1])
        try log.compact()
        #expect(try log.records() == [.endHeight(6), .message([7, 1])])
        #expect(try WriteAheadLog.open(medium: medium).records() == [.endHeight(6), .message([7, 1])])
    }

    @Test("compaction does nothing without a marker or when the log already starts at its last marker")
    func nothingToCompact() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium)
        try log.append(message: [1])
        #expect(try log.compact() == 0)
        let bytes = WALFrame.encode(.endHeight(3)) + WALFrame.encode(.message([4]))
        let compacted = try WriteAheadLog.open(medium: MemoryWALMedium(content: bytes))
        #expect(try compacted.compact() == 0)
        #expect(try compacted.records() == [.endHeight(3), .message([4])])
    }

    @Test("compaction bounds the log: a long run of heights stays the size of one height")
    func bounded() throws {
        let medium = MemoryWALMedium()
        let log = try WriteAheadLog.open(medium: medium)
        var sizes = [Int]()
        for height in UInt64(1)...200 {
            for _ in 0..<5 { try log.append(message: [UInt8](repeating: UInt8(height % 251), count: 100)) }
            try log.appendEndHeight(height)
            try log.compact()
            sizes.append(medium.content.count)
        }
        #expect(Set(sizes) == [WALFrame.encode(.endHeight(1)).count])
    }

    @Test("a file log compacts by atomic rename: no temporary file is left and the file reopens compacted")
    func fileCompaction() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cs.wal")
        let log = try WriteAheadLog.open(medium: FileWALMedium(path: path))
        for record in sampleRecords(heights: 1...3) + [.message([4, 1])] { try log.append(record) }
        try log.sync()
        try log.compact()
        #expect(try directory.contents() == ["cs.wal"])
        #expect(try TemporaryDirectory.permissions(of: path) == 0o600)
        #expect(try log.records() == [.endHeight(3), .message([4, 1])])

        // Appends after compaction go to the new file.
        try log.append(message: [4, 2])
        try log.sync()
        let reopened = try WriteAheadLog.open(medium: FileWALMedium(path: path))
        #expect(reopened.recovery.isClean)
        #expect(try reopened.records() == [.endHeight(3), .message([4, 1]), .message([4, 2])])
        #expect(try reopened.messages(forHeight: 4) == [[4, 1], [4, 2]])
    }
}
