import Testing

@testable import Common

@Suite("adaptive zstd level")
struct CompressionLevelTests {
    @Test("the standard table uses level 19 when idle and level 1 under a heavy backlog")
    func standardEnds() {
        let table = AdaptiveZstdLevel.standard
        #expect(table.level(forBacklogBytes: 0) == 19)
        #expect(table.level(forBacklogBytes: -5) == 19)
        #expect(table.level(forBacklogBytes: (1 << 20) - 1) == 19)
        #expect(table.level(forBacklogBytes: 1 << 20) == 15)
        #expect(table.level(forBacklogBytes: 4 << 20) == 9)
        #expect(table.level(forBacklogBytes: 16 << 20) == 3)
        #expect(table.level(forBacklogBytes: 64 << 20) == 1)
        #expect(table.level(forBacklogBytes: Int.max) == 1)
    }

    @Test("the level never rises as the backlog grows, and is always a valid level")
    func monotonic() {
        let table = AdaptiveZstdLevel.standard
        var previous = Int.max
        var backlog = 0
        while backlog < 1 << 30 {
            let level = table.level(forBacklogBytes: backlog)
            #expect(level <= previous, "level rose to \(level) at a backlog of \(backlog) bytes")
            #expect(Zstd.levels.contains(level))
            previous = level
            backlog = backlog * 5 / 4 + 1_000
        }
    }

    @Test("a custom table applies its thresholds inclusively")
    func customTable() throws {
        let table = try AdaptiveZstdLevel(
            idleLevel: 9, steps: [.init(backlogBytes: 100, level: 3), .init(backlogBytes: 200, level: -1)])
        #expect(table.level(forBacklogBytes: 99) == 9)
        #expect(table.level(forBacklogBytes: 100) == 3)
        #expect(table.level(forBacklogBytes: 199) == 3)
        #expect(table.level(forBacklogBytes: 200) == -1)
        #expect(try AdaptiveZstdLevel(idleLevel: 3, steps: []).level(forBacklogBytes: 1 << 40) == 3)
    }

    @Test(
        "tables whose level rises with the backlog, whose thresholds are unordered or whose levels are invalid are refused"
    )
    func invalidTables() {
        #expect(throws: ZstdError.self) {
            try AdaptiveZstdLevel(idleLevel: 3, steps: [.init(backlogBytes: 100, level: 9)])
        }
        #expect(throws: ZstdError.self) {
            try AdaptiveZstdLevel(
                idleLevel: 19, steps: [.init(backlogBytes: 200, level: 9), .init(backlogBytes: 100, level: 3)])
        }
        #expect(throws: ZstdError.self) {
            try AdaptiveZstdLevel(idleLevel: 19, steps: [.init(backlogBytes: 0, level: 9)])
        }
        #expect(throws: ZstdError.invalidLevel(30, allowed: Zstd.levels)) {
            try AdaptiveZstdLevel(idleLevel: 30, steps: [])
        }
        #expect(throws: ZstdError.invalidLevel(23, allowed: Zstd.levels)) {
            try AdaptiveZstdLevel(idleLevel: 19, steps: [.init(backlogBytes: 10, level: 23)])
        }
    }
}
