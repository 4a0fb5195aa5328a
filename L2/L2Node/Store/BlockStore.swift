import Common
import Foundation
import GRDB
import L2Runtime
import Synchronization

/// Sealed L2 blocks in SQLite, for queries: each block's header, transactions and receipts, and an index from
/// transaction hash to (block, position). One fsynced transaction per block, written before the block's state
/// is committed, so the store is never behind the state tree. The sequencer log, not this store, is what
/// makes confirmations durable.
public final class BlockStore: Sendable {
    /// Why the store failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// A stored block with its receipts.
    public struct StoredBlock: Sendable {
        /// The block.
        public var block: Block
        /// One receipt per transaction.
        public var receipts: [Receipt]
    }

    /// A `DatabasePool` for a file (WAL: reads never wait for a block being written, whose fsync can take
    /// tens of milliseconds, so a reader on the cooperative pool is not held by it); a `DatabaseQueue` in
    /// memory.
    private let queue: any DatabaseWriter
    /// The highest saved block number, so that the batch feed's poll reads no database.
    private let latest = Mutex<UInt64?>(nil)
    /// The blocks saved last, decoded, newest last: the batcher follows the tip (and `GET /v1/blocks/{n}` often
    /// asks for it), reading what was just written without a database read and a decode (every sender key
    /// parsed again).
    private let recent = Mutex<[StoredBlock]>([])

    /// The most blocks ``recent`` keeps, and the most transactions in them together.
    static let recentBlocks = 16
    static let recentTransactions = 65_536

    /// Opens (creating if needed) the store at `path`; `nil` for a private in-memory database.
    public init(path: String?) throws(Failure) {
        do {
            if let path {
                // A pool opens its database in WAL mode, and then sets `synchronous = NORMAL` on its writer:
                // set FULL again after it. FULL: a block is durable before its state is committed, so after a
                // power loss the block store is never behind the state tree (which the log then brings
                // forward).
                let pool = try DatabasePool(path: path)
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
                queue = pool
            } else {
                queue = try DatabaseQueue()
            }
            var migrator = DatabaseMigrator()
            migrator.registerMigration("l2-blocks-v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE blocks (number INTEGER PRIMARY KEY, hash BLOB NOT NULL, header BLOB NOT NULL,
                                             transactions BLOB NOT NULL, receipts BLOB NOT NULL);
                        CREATE TABLE transaction_index (hash BLOB PRIMARY KEY, number INTEGER NOT NULL,
                                                        position INTEGER NOT NULL) WITHOUT ROWID;
                        """)
            }
            // A block's events (outputs of execution, in no root), kept so that a feed subscriber catching up
            // reads them instead of re-executing the block. Blocks sealed before this table existed have no row.
            migrator.registerMigration("l2-block-events-v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE block_events (number INTEGER PRIMARY KEY, count INTEGER NOT NULL,
                                                   events BLOB NOT NULL);
                        """)
            }
            try migrator.migrate(queue)
            let stored = try queue.read { db in
                try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM blocks").map { UInt64($0) }
            }
            latest.withLock { $0 = stored }
        } catch {
            throw Failure(description: "cannot open the block store \(path ?? "in memory"): \(error)")
        }
    }

    /// The most events one block's stored list may hold when read back.
    public static let maxEventsPerBlock = 1 << 22

    /// Saves `block` with its `receipts`, one per transaction in order, and its `events` when given (replacing a
    /// block with the same number). The receipts' transaction ids index the block.
    public func save(_ block: Block, receipts: [Receipt], events: [RuntimeEvent]? = nil) throws(Failure) {
        precondition(receipts.count == block.transactions.count, "one receipt per transaction")
        let eventBytes = events.map { events in
            var writer = ByteWriter()
            writer.writeList(events)
            return Data(writer.bytes)
        }
        var transactions = ByteWriter()
        transactions.writeList(block.transactions)
        var receiptBytes = ByteWriter()
        receiptBytes.writeList(receipts)
        let number = Int64(block.header.number)
        let hashes = receipts.map { Data($0.transactionHash.bytes) }
        do {
            try queue.write { db in
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO blocks (number, hash, header, transactions, receipts) VALUES (?,?,?,?,?)",
                    arguments: [
                        number, Data(block.hash.bytes), Data(block.header.canonicalBytes), Data(transactions.bytes),
                        Data(receiptBytes.bytes),
                    ])
                let statement = try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO transaction_index (hash, number, position) VALUES (?,?,?)")
                for (position, hash) in hashes.enumerated() {
                    try statement.execute(arguments: [hash, number, position])
                }
                if let eventBytes, let events {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO block_events (number, count, events) VALUES (?,?,?)",
                        arguments: [number, events.count, eventBytes])
                }
            }
        } catch {
            throw Failure(description: "cannot save block \(number): \(error)")
        }
        remember(StoredBlock(block: block, receipts: receipts))
        latest.withLock { $0 = max($0 ?? 0, block.header.number) }
    }

    /// Keeps `stored` in ``recent`` (replacing a block with its number), dropping the oldest past the caps.
    private func remember(_ stored: StoredBlock) {
        recent.withLock { recent in
            recent.removeAll { $0.block.header.number == stored.block.header.number }
            recent.append(stored)
            var transactions = recent.reduce(0) { $0 + $1.block.transactions.count }
            while recent.count > 1, recent.count > Self.recentBlocks || transactions > Self.recentTransactions {
                transactions -= recent.removeFirst().block.transactions.count
            }
        }
    }

    /// The header of block `number`, if stored.
    public func header(_ number: UInt64) throws(Failure) -> BlockHeader? {
        let bytes: Data?
        do {
            bytes = try queue.read { db in
                try Data.fetchOne(db, sql: "SELECT header FROM blocks WHERE number = ?", arguments: [Int64(number)])
            }
        } catch {
            throw Failure(description: "cannot read block \(number): \(error)")
        }
        guard let bytes else { return nil }
        do {
            return try BlockHeader(canonicalBytes: Array(bytes))
        } catch {
            throw Failure(description: "block \(number)'s header does not decode: \(error)")
        }
    }

    /// Block `number` with its receipts, if stored.
    public func block(_ number: UInt64) throws(Failure) -> StoredBlock? {
        if let stored = recent.withLock({ $0.last { $0.block.header.number == number } }) { return stored }
        let row: Row?
        do {
            row = try queue.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT header, transactions, receipts FROM blocks WHERE number = ?",
                    arguments: [Int64(number)])
            }
        } catch {
            throw Failure(description: "cannot read block \(number): \(error)")
        }
        guard let row else { return nil }
        do {
            let headerBytes: Data = row[0]
            let transactionBytes: Data = row[1]
            let receiptBytes: Data = row[2]
            let header = try BlockHeader(canonicalBytes: Array(headerBytes))
            var reader = ByteReader(Array(transactionBytes))
            let transactions = try reader.readList(SignedTransaction.self, cap: Block.maxTransactions, "transactions")
            var receiptReader = ByteReader(Array(receiptBytes))
            let receipts = try receiptReader.readList(Receipt.self, cap: Block.maxTransactions, "receipts")
            return StoredBlock(block: Block(header: header, transactions: transactions), receipts: receipts)
        } catch {
            throw Failure(description: "block \(number) does not decode: \(error)")
        }
    }

    /// The events block `number` emitted, in order, or `nil` when they were not stored with it (a block sealed
    /// before the store kept events, or one that is not stored).
    public func events(_ number: UInt64) throws(Failure) -> [RuntimeEvent]? {
        let bytes: Data?
        do {
            bytes = try queue.read { db in
                try Data.fetchOne(
                    db, sql: "SELECT events FROM block_events WHERE number = ?", arguments: [Int64(number)])
            }
        } catch {
            throw Failure(description: "cannot read block \(number)'s events: \(error)")
        }
        guard let bytes else { return nil }
        do {
            var reader = ByteReader(Array(bytes))
            let events = try reader.readList(RuntimeEvent.self, cap: Self.maxEventsPerBlock, "events")
            try reader.expectEnd()
            return events
        } catch {
            throw Failure(description: "block \(number)'s events do not decode: \(error)")
        }
    }

    /// Over the blocks in `range`: how many have stored events, how many events those hold, and the lowest such
    /// block.
    public func storedEvents(in range: ClosedRange<UInt64>) throws(Failure) -> (
        blocks: Int, events: Int, first: UInt64?
    ) {
        do {
            return try queue.read { db in
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT COUNT(*), COALESCE(SUM(count), 0), MIN(number) FROM block_events "
                        + "WHERE number BETWEEN ? AND ?",
                    arguments: [Int64(range.lowerBound), Int64(clamping: range.upperBound)])
                let blocks: Int = row?[0] ?? 0
                let events: Int = row?[1] ?? 0
                let first: Int64? = row?[2]
                return (blocks, events, first.map { UInt64($0) })
            }
        } catch {
            throw Failure(description: "cannot read the stored events: \(error)")
        }
    }

    /// Forgets the stored events of blocks up to `number`, as a directory of a node older than the events table
    /// has none: a catch-up re-executes those blocks.
    func forgetEvents(through number: UInt64) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM block_events WHERE number <= ?", arguments: [Int64(clamping: number)])
        }
    }

    /// The block and position of the transaction with `hash`, if stored.
    public func location(of hash: Hash) throws(Failure) -> (blockNumber: UInt64, index: UInt32)? {
        do {
            let row = try queue.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT number, position FROM transaction_index WHERE hash = ?",
                    arguments: [Data(hash.bytes)])
            }
            guard let row else { return nil }
            let number: Int64 = row[0]
            let position: Int64 = row[1]
            return (UInt64(number), UInt32(position))
        } catch {
            throw Failure(description: "cannot read the transaction index: \(error)")
        }
    }

    /// The writer's `PRAGMA synchronous` (2 is FULL), for tests.
    func synchronousMode() throws -> Int {
        try queue.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The highest stored block number, or `nil` for an empty store.
    public func latestNumber() -> UInt64? {
        latest.withLock { $0 }
    }
}
