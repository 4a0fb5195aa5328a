import Common
import Foundation
import L2Runtime
import Testing

@testable import L2Node

@Suite("L2 block store: the recent blocks it keeps decoded read as the database does")
struct L2BlockStoreTests {
    /// `count` blocks of `perBlock` signed transfers each, chained by parent hash (roots are not checked here).
    private static func blocks(count: Int, perBlock: Int) -> [(Block, [Receipt])] {
        let chain = TestChain(accounts: 2)
        var parent = Hash.zero
        var nonce: UInt64 = 0
        return (1...count).map { number in
            let transactions = (0..<perBlock).map { _ in
                defer { nonce += 1 }
                return chain.transfer(from: 0, nonce: nonce)
            }
            let header = BlockHeader(
                number: UInt64(number), parentHash: parent, timestampMillis: 1_000 + UInt64(number),
                transactionCount: UInt32(perBlock), txsRoot: .zero, receiptsRoot: .zero, stateRoot: .zero)
            parent = header.hash
            let receipts = transactions.enumerated().map { index, transaction in
                Receipt(
                    transactionHash: transaction.hash, status: index % 3 == 0 ? .failed(.insufficientFunds) : .success,
                    feePaid: 1)
            }
            return (Block(header: header, transactions: transactions), receipts)
        }
    }

    /// Runs `body` with the path of a block store file in a fresh temporary directory, removed afterwards.
    private static func withTemporaryPath(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blocks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory.appendingPathComponent("blocks.sqlite").path)
    }

    @Test(
        "every block reads the same from the kept ones and from a fresh store on the same file; a replaced block reads new"
    )
    func recentMatchesDatabase() throws {
        try Self.withTemporaryPath { path in try Self.recentMatchesDatabase(path: path) }
    }

    private static func recentMatchesDatabase(path: String) throws {
        let store = try BlockStore(path: path)
        let made = Self.blocks(count: BlockStore.recentBlocks + 8, perBlock: 5)
        for (block, receipts) in made { try store.save(block, receipts: receipts) }

        let fresh = try BlockStore(path: path)
        for (block, receipts) in made {
            let kept = try #require(try store.block(block.header.number))
            let read = try #require(try fresh.block(block.header.number))
            #expect(kept.block == block && kept.receipts == receipts)
            #expect(read.block == block && read.receipts == receipts)
        }
        #expect(try store.block(UInt64(made.count + 1)) == nil)

        // Replacing block 3 (kept no more) and the newest (kept): both read as the replacement, here and afresh.
        for number in [3, made.count] {
            var (block, receipts) = made[number - 1]
            block.header.timestampMillis += 1_000
            receipts.removeLast()
            block.transactions.removeLast()
            try store.save(block, receipts: receipts)
            #expect(try store.block(UInt64(number))?.block == block)
            #expect(try store.block(UInt64(number))?.receipts == receipts)
            #expect(try BlockStore(path: path).block(UInt64(number))?.block == block)
        }
    }

    @Test("the latest block number follows saves, a replaced older block does not lower it, and a reopen reads it")
    func latestNumber() throws {
        try Self.withTemporaryPath { path in try Self.latestNumber(path: path) }
    }

    private static func latestNumber(path: String) throws {
        let store = try BlockStore(path: path)
        #expect(store.latestNumber() == nil)
        let made = Self.blocks(count: 4, perBlock: 2)
        for (block, receipts) in made { try store.save(block, receipts: receipts) }
        #expect(store.latestNumber() == 4)
        try store.save(made[1].0, receipts: made[1].1)
        #expect(store.latestNumber() == 4)
        #expect(try BlockStore(path: path).latestNumber() == 4)
        #expect(try BlockStore(path: nil).latestNumber() == nil)
    }

    @Test("the writer syncs every commit fully (synchronous = FULL), though the WAL pool sets NORMAL when it opens")
    func fullSync() throws {
        try Self.withTemporaryPath { path in
            let store = try BlockStore(path: path)
            #expect(try store.synchronousMode() == 2)
            let (block, receipts) = Self.blocks(count: 1, perBlock: 1)[0]
            try store.save(block, receipts: receipts)
            #expect(try store.synchronousMode() == 2)
        }
    }
}
