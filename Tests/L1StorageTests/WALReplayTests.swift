import Common
import Testing

@testable import L1Storage

@Suite("WAL replay by height")
struct WALReplayTests {
    /// Height 1's messages with no marker before them (a log started fresh), heights 1-3 completed, height 4 in
    /// progress.
    private func nodeLog() throws -> WriteAheadLog {
        let log = try WriteAheadLog.open(medium: MemoryWALMedium())
        for record in sampleRecords(heights: 1...3) + [.message([4, 1]), .message([4, 2])] { try log.append(record) }
        return log
    }

    private func messages(ofHeight height: UInt64) -> [[UInt8]] {
        sampleRecords(heights: height...height).compactMap { record in
            if case .message(let payload) = record { payload } else { nil }
        }
    }

    @Test("the height after a marker replays the messages between that marker and the next")
    func betweenMarkers() throws {
        let log = try nodeLog()
        #expect(try log.messages(forHeight: 2) == messages(ofHeight: 2))
        #expect(try log.messages(forHeight: 3) == messages(ofHeight: 3))
    }

    @Test("the height in progress replays everything after the last marker")
    func heightInProgress() throws {
        let log = try nodeLog()
        #expect(try log.messages(forHeight: 4) == [[4, 1], [4, 2]])
        #expect(log.lastEndHeight == 3)
    }

    @Test("the lowest height, with no marker before it, replays from the start of the log")
    func lowestHeight() throws {
        let log = try nodeLog()
        #expect(try log.messages(forHeight: 1) == messages(ofHeight: 1))
    }

    @Test("heights the log does not hold replay nothing")
    func outsideTheLog() throws {
        let log = try nodeLog()
        #expect(try log.messages(forHeight: 0) == [])
        #expect(try log.messages(forHeight: 5) == [])
        #expect(try log.messages(forHeight: 100) == [])
    }

    @Test("a log with no marker is one height: its messages, whichever height is asked")
    func noMarker() throws {
        let log = try WriteAheadLog.open(medium: MemoryWALMedium())
        try log.append(message: [1])
        try log.append(message: [2])
        #expect(try log.messages(forHeight: 1) == [[1], [2]])
        #expect(try log.messages(forHeight: 77) == [[1], [2]])
        #expect(log.lastEndHeight == nil)
    }

    @Test("a log starting at a marker (after compaction) replays only after it, and nothing below it")
    func startsAtMarker() throws {
        let log = try WriteAheadLog.open(medium: MemoryWALMedium())
        try log.appendEndHeight(10)
        try log.append(message: [11])
        #expect(try log.messages(forHeight: 11) == [[11]])
        #expect(try log.messages(forHeight: 10) == [])
        #expect(try log.messages(forHeight: 9) == [])
    }

    @Test("a completed height with no message replays as empty; a first marker one above the asked height too")
    func emptyHeights() throws {
        let log = try WriteAheadLog.open(medium: MemoryWALMedium())
        try log.append(message: [5])
        try log.appendEndHeight(5)
        try log.appendEndHeight(6)
        #expect(try log.messages(forHeight: 5) == [[5]])
        #expect(try log.messages(forHeight: 6) == [])
        #expect(try log.messages(forHeight: 7) == [])
        #expect(try log.messages(forHeight: 4) == [])
    }

    @Test("replay after a crash returns the synced messages of the height in progress, and at most the unsynced one")
    func replayAfterCrash() throws {
        for seed in UInt64(0)..<16 {
            let medium = MemoryWALMedium()
            let log = try WriteAheadLog.open(medium: medium)
            try log.append(message: [1])
            try log.appendEndHeight(1)
            try log.append(message: [2, 1])
            try log.sync()
            try log.append(message: [2, 2])  // never synced
            var rng = SplitMix64(seed: seed)
            medium.simulateCrash(using: &rng)
            let replayed = try WriteAheadLog.open(medium: medium).messages(forHeight: 2)
            #expect(replayed == [[2, 1]] || replayed == [[2, 1], [2, 2]], "seed \(seed)")
        }
    }
}
