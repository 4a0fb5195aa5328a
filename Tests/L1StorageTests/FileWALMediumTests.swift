import Common
import Foundation
import Testing

@testable import L1Storage

@Suite("WAL in a file")
struct FileWALMediumTests {
    @Test("a log written to a file reopens from disk with the same records")
    func reopenFromDisk() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cs.wal")
        let records = sampleRecords(heights: 1...4)
        do {
            let log = try WriteAheadLog.open(medium: FileWALMedium(path: path))
            for record in records { try log.append(record) }
            try log.sync()
        }
        let reopened = try WriteAheadLog.open(medium: FileWALMedium(path: path))
        #expect(reopened.recovery.isClean)
        #expect(try reopened.records() == records)
        #expect(try reopened.messages(forHeight: 3) == (try reopened.records()).messagesOfHeight(3))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(framed(records).bytes))
    }

    @Test("the file is created with mode 0600, and a wider mode is narrowed at open")
    func permissions() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cs.wal")
        _ = try FileWALMedium(path: path)
        #expect(try TemporaryDirectory.permissions(of: path) == 0o600)
        chmod(path, 0o644)
        _ = try FileWALMedium(path: path)
        #expect(try TemporaryDirectory.permissions(of: path) == 0o600)
    }

    @Test("a torn tail in a file is cut on disk")
    func tornFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cs.wal")
        let (bytes, ends) = framed(sampleRecords(heights: 1...2))
        try Data(bytes[..<(ends[4] + 3)]).write(to: URL(fileURLWithPath: path))
        let log = try WriteAheadLog.open(medium: FileWALMedium(path: path))
        #expect(log.recovery.bytesCut == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == ends[4])
        try log.append(message: [9])
        try log.sync()
        let reopened = try WriteAheadLog.open(medium: FileWALMedium(path: path))
        #expect(try reopened.records() == Array(sampleRecords(heights: 1...2)[...4]) + [.message([9])])
    }

    @Test("a 3 MiB record is written and read back intact")
    func largeRecord() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cs.wal")
        var rng = SplitMix64(seed: 3)
        let payload = rng.bytes(3 << 20)
        let log = try WriteAheadLog.open(medium: FileWALMedium(path: path))
        try log.append(message: payload)
        try log.sync()
        #expect(try WriteAheadLog.open(medium: FileWALMedium(path: path)).records() == [.message(payload)])
    }

    @Test("a path in a missing directory is an I/O error naming the call and the path")
    func missingDirectory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("missing/cs.wal")
        #expect {
            _ = try FileWALMedium(path: path)
        } throws: { error in
            guard case WALError.io(let io) = error else { return false }
            return io.operation == "open" && io.path == path && io.isNotFound
        }
    }
}

extension [WALRecord] {
    /// The payloads of the messages between `endHeight(height - 1)` and `endHeight(height)`.
    fileprivate func messagesOfHeight(_ height: UInt64) -> [[UInt8]] {
        guard let start = firstIndex(of: .endHeight(height - 1)) else { return [] }
        var out = [[UInt8]]()
        for record in self[(start + 1)...] {
            guard case .message(let payload) = record else { break }
            out.append(payload)
        }
        return out
    }
}
