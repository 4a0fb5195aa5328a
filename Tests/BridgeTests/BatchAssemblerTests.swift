import Common
import L2Runtime
import Testing

@testable import Bridge

@Suite("the batch assembler closes batches by size, block count and age")
struct BatchAssemblerTests {
    /// A segment of `count` blocks with one 100-byte-payload transaction each.
    static func blocks(_ count: Int) -> [Block] {
        var blocks: [Block] = []
        for index in 0..<count {
            let tx = BatchFixtures.transaction(
                .index(AccountIndex(UInt64(index))), nonce: 0, kind: .storeProgram,
                payload: [UInt8](repeating: 7, count: 100))
            blocks.append(BatchFixtures.block(after: blocks.last?.header, [tx]))
        }
        return blocks
    }

    static let blockBytes = blocks(1)[0].canonicalBytes.count

    @Test("a batch closes when its blocks reach the target size, with the block that reached it")
    func closesAtTarget() {
        var assembler = BatchAssembler(
            policy: .init(
                targetBytes: 3 * Self.blockBytes, maxBytes: 10 * Self.blockBytes, maxBlocks: 100, maxAgeMillis: 1_000))
        let blocks = Self.blocks(7)
        var closed: [BatchAssembler.ClosedBatch] = []
        for block in blocks { closed += assembler.add(block, nowMillis: 0) }
        #expect(closed.map(\.blocks.count) == [3, 3])
        #expect(closed.allSatisfy { $0.reason == .size && $0.bytes == 3 * Self.blockBytes })
        #expect(assembler.pending == [blocks[6]])
        #expect(assembler.flush()?.reason == .flush)
        #expect(assembler.flush() == nil)
    }

    @Test("a block that would pass the hard cap opens the next batch")
    func closesBeforeTheCap() {
        var assembler = BatchAssembler(
            policy: .init(
                targetBytes: 2 * Self.blockBytes + 1, maxBytes: 2 * Self.blockBytes + 1, maxBlocks: 100,
                maxAgeMillis: 1_000))
        let blocks = Self.blocks(3)
        #expect(assembler.add(blocks[0], nowMillis: 0).isEmpty)
        #expect(assembler.add(blocks[1], nowMillis: 0).isEmpty)
        let closed = assembler.add(blocks[2], nowMillis: 0)
        #expect(closed.map(\.blocks) == [[blocks[0], blocks[1]]])
        #expect(assembler.pending == [blocks[2]])
    }

    @Test("a batch closes at the transaction cap, and before a block that would pass it")
    func closesAtTheTransactionCap() throws {
        var assembler = BatchAssembler(
            policy: .init(
                targetBytes: 1 << 20, maxBytes: 1 << 20, maxBlocks: 100, maxTransactions: 3, maxAgeMillis: 1_000))
        func block(after previous: BlockHeader?, transactions count: Int) -> Block {
            BatchFixtures.block(
                after: previous,
                (0..<count).map { BatchFixtures.transaction(.index(AccountIndex(UInt64($0))), nonce: 0, payload: []) })
        }
        let first = block(after: nil, transactions: 2)
        let second = block(after: first.header, transactions: 2)
        let third = block(after: second.header, transactions: 1)
        #expect(assembler.add(first, nowMillis: 0).isEmpty)
        // 2 + 2 would pass 3: the open batch closes first, and the second block opens the next one.
        let before = assembler.add(second, nowMillis: 0)
        #expect(before.map(\.blocks) == [[first]])
        #expect(before.map(\.reason) == [.transactionCount])
        let closed = assembler.add(third, nowMillis: 0)
        #expect(closed.map(\.reason) == [.transactionCount])
        #expect(closed.map(\.blocks) == [[second, third]])
        #expect(BatchAssembler.Policy.standard.maxTransactions == HalfAggregateSignature.maxCount)
    }

    @Test("a batch closes at the block cap, and by age from its first block's arrival")
    func closesByCountAndAge() {
        var assembler = BatchAssembler(
            policy: .init(targetBytes: 1 << 20, maxBytes: 1 << 20, maxBlocks: 2, maxAgeMillis: 1_000))
        let blocks = Self.blocks(3)
        #expect(assembler.add(blocks[0], nowMillis: 5_000).isEmpty)
        #expect(assembler.add(blocks[1], nowMillis: 5_100).map(\.reason) == [.blockCount])
        #expect(assembler.closeIfDue(nowMillis: 99_000) == nil)
        #expect(assembler.add(blocks[2], nowMillis: 6_000).isEmpty)
        #expect(assembler.closeIfDue(nowMillis: 6_999) == nil)
        #expect(assembler.closeIfDue(nowMillis: 7_000)?.reason == .age)
        #expect(assembler.pending.isEmpty)
    }

    @Test(
        "the level falls as the backlog grows (the standard table)",
        arguments: [
            (0, 19), (1 << 20 - 1, 19), (1 << 20, 15), (4 << 20, 9), (16 << 20, 3), (64 << 20, 1), (1 << 30, 1),
        ])
    func levelFromBacklog(backlog: Int, level: Int) {
        #expect(BatchAssembler().level(backlogBytes: backlog) == level)
    }
}
