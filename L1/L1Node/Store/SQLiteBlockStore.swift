import Common
import Foundation
import GRDB
import L1App
import L1Consensus

/// The decided blocks of the chain in SQLite: each block in its canonical bytes, the commit that decided it
/// (the "seen commit", replaced by a fuller one when more precommits arrive), the ``L1Consensus/ChainState`` after
/// it, an index from transaction hash to (height, position), the application's results, and the pending
/// evidence.
///
/// Everything about one block is written in one SQLite transaction (WAL mode, `synchronous = FULL`), so a crash
/// leaves either the whole block or none of it, and the previous block intact. The genesis state is stored as the
/// state of height 0 when the database is created; reopening checks it.
///
/// Serves the consensus driver as its ``L1Consensus/ConsensusStore``. Those protocol reads cannot throw: they
/// answer nil when the database fails, and keep the error in ``lastReadError`` for the node to report. Not
/// thread-safe: one owner (the node's consensus actor) drives it.
public final class SQLiteBlockStore {
    let queue: DatabaseQueue
    /// The state at genesis (height 0).
    public let genesis: ChainState
    /// The height of the last saved block (0 before the first).
    public private(set) var latestHeight: Height
    /// The state after the last saved block (the genesis state before the first).
    private(set) var latestState: ChainState
    /// The last error a non-throwing read swallowed.
    public internal(set) var lastReadError: BlockStoreError?
    /// Called inside the write transaction of ``save(_:commit:state:results:)`` after every row is written and
    /// before it commits; a throw rolls the transaction back (tests simulate a crash with it).
    var beforeCommitForTesting: (() throws -> Void)?

    /// The most pending evidence items read back.
    static let maxPendingEvidence = 10_000

    /// Opens the block store in the SQLite database at `path`, creating it if needed. A new database needs the
    /// `genesis` state; an existing one checks that it was created from the same genesis, if one is given.
    public convenience init(path: String, genesis: ChainState?) throws(BlockStoreError) {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            // A saved block is a consensus decision this node acts on: it must survive a power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .database("cannot open \(path): \(error)")
        }
        try self.init(queue: queue, genesis: genesis)
    }

    /// A block store in a private in-memory database (tests, tools).
    public static func inMemory(genesis: ChainState) throws(BlockStoreError) -> SQLiteBlockStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw .database("cannot create an in-memory database: \(error)")
        }
        return try SQLiteBlockStore(queue: queue, genesis: genesis)
    }

    private init(queue: DatabaseQueue, genesis given: ChainState?) throws(BlockStoreError) {
        self.queue = queue
        do {
            try Self.migrator.migrate(queue)
        } catch {
            throw .database("cannot set up the block store tables: \(error)")
        }
        let stored: ChainState? = try Self.run(queue) { db in
            try Data.fetchOne(db, sql: "SELECT state FROM states WHERE height = 0").map {
                try Self.decode(ChainState.self, $0, "genesis state")
            }
        }
        switch (stored, given) {
        case (nil, nil):
            throw .missingGenesis
        case (nil, let given?):
            guard given.lastBlockHeight == Height(0) else {
                throw .genesisMismatch("the given genesis state is at height \(given.lastBlockHeight), not 0")
            }
            try Self.run(queue) { db in
                try db.inTransaction {
                    try db.execute(
                        sql: "INSERT INTO states (height, state) VALUES (0, ?)",
                        arguments: [Data(given.canonicalBytes)])
                    return .commit
                }
            }
            genesis = given
        case (let stored?, let given):
            if let given, given != stored {
                throw .genesisMismatch(
                    given.chainID == stored.chainID
                        ? "chain \(stored.chainID) with another genesis state"
                        : "chain \(stored.chainID), not \(given.chainID)")
            }
            genesis = stored
        }
        let latest: (Height, ChainState)? = try Self.run(queue) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MAX(height) FROM blocks"),
                let height: Int64 = row[0]
            else { return nil }
            guard
                let bytes = try Data.fetchOne(db, sql: "SELECT state FROM states WHERE height = ?", arguments: [height])
            else { throw BlockStoreError.corrupt(what: "state \(height)", reason: "missing for a stored block") }
            return (Height(UInt64(height)), try Self.decode(ChainState.self, bytes, "state \(height)"))
        }
        latestHeight = latest?.0 ?? Height(0)
        latestState = latest?.1 ?? genesis
    }

    private static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("block-store-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE blocks (height INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, time INTEGER NOT NULL,
                                         block BLOB NOT NULL);
                    CREATE TABLE commits (height INTEGER PRIMARY KEY, signed INTEGER NOT NULL,
                                          commit_bytes BLOB NOT NULL);
                    CREATE TABLE states (height INTEGER PRIMARY KEY, state BLOB NOT NULL);
                    CREATE TABLE block_results (height INTEGER PRIMARY KEY, results BLOB NOT NULL);
                    CREATE TABLE txs (height INTEGER NOT NULL, position INTEGER NOT NULL, hash BLOB NOT NULL,
                                      PRIMARY KEY (height, position)) WITHOUT ROWID;
                    CREATE INDEX txs_by_hash ON txs (hash);
                    CREATE TABLE pending_evidence (id INTEGER PRIMARY KEY CHECK (id = 0), evidence BLOB NOT NULL);
                    """)
        }
        return migrator
    }()

    // MARK: Writes

    /// Saves a decided block with its commit, the chain state after it and, when known, the application's results,
    /// in one transaction. The block must be the next height, and the commit and state must be for it.
    public func save(
        _ block: Block, commit: Commit, state: ChainState, results: FinalizeBlockResponse?
    ) throws(BlockStoreError) {
        let height = block.height
        guard height == latestHeight.next else { throw .notNextHeight(expected: latestHeight.next, got: height) }
        guard commit.height == height, commit.blockID == block.id else {
            throw .mismatchedBlock("the commit is for block \(commit.blockID) at height \(commit.height)")
        }
        guard state.lastBlockHeight == height, state.lastBlockID == block.id else {
            throw .mismatchedBlock("the state is after height \(state.lastBlockHeight), not after block \(block.id)")
        }
        if let results, results.txResults.count != block.transactions.count {
            throw .mismatchedBlock(
                "\(results.txResults.count) transaction results for \(block.transactions.count) transactions")
        }
        let key = try Self.key(height)
        let hook = beforeCommitForTesting
        try Self.run(queue) { db in
            try db.inTransaction {
                try db.cachedStatement(sql: "INSERT INTO blocks (height, hash, time, block) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [
                        key, Data(block.id.hash.bytes), Int64(bitPattern: block.header.time.nanoseconds),
                        Data(block.canonicalBytes),
                    ])
                try db.cachedStatement(sql: "INSERT INTO commits (height, signed, commit_bytes) VALUES (?, ?, ?)")
                    .execute(arguments: [key, Self.signedCount(commit), Data(commit.canonicalBytes)])
                try db.cachedStatement(sql: "INSERT INTO states (height, state) VALUES (?, ?)")
                    .execute(arguments: [key, Data(state.canonicalBytes)])
                let insertTransaction = try db.cachedStatement(
                    sql: "INSERT INTO txs (height, position, hash) VALUES (?, ?, ?)")
                for (position, transaction) in block.transactions.enumerated() {
                    try insertTransaction.execute(arguments: [key, position, Data(Hash.blake2b(transaction).bytes)])
                }
                if let results {
                    try db.cachedStatement(sql: "INSERT INTO block_results (height, results) VALUES (?, ?)")
                        .execute(arguments: [key, Data(BlockResultsEncoding.encode(results))])
                }
                try hook?()
                return .commit
            }
        }
        latestHeight = height
        latestState = state
    }

    /// Replaces the stored commit of `commit.height` if `commit` carries more precommits for the block; returns
    /// whether it did. A commit for another block than the stored one is refused.
    @discardableResult
    public func replaceCommit(_ commit: Commit) throws(BlockStoreError) -> Bool {
        let key = try Self.key(commit.height)
        let signed = Self.signedCount(commit)
        return try Self.run(queue) { db in
            var replaced = false
            try db.inTransaction {
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT commits.signed, blocks.hash FROM commits JOIN blocks USING (height)
                            WHERE height = ?
                            """,
                        arguments: [key])
                else { throw BlockStoreError.unknownCommit(height: commit.height) }
                let storedSigned: Int = row[0]
                let storedHash: Data = row[1]
                guard Array(storedHash) == commit.blockID.hash.bytes else {
                    throw BlockStoreError.mismatchedBlock("the commit is for another block than the stored one")
                }
                guard signed > storedSigned else { return .rollback }
                try db.execute(
                    sql: "UPDATE commits SET signed = ?, commit_bytes = ? WHERE height = ?",
                    arguments: [signed, Data(commit.canonicalBytes), key])
                replaced = true
                return .commit
            }
            return replaced
        }
    }

    /// Replaces the saved pending evidence.
    public func replacePendingEvidence(_ evidence: [DuplicateVoteEvidence]) throws(BlockStoreError) {
        var writer = ByteWriter()
        writer.writeList(evidence.prefix(Self.maxPendingEvidence))
        let bytes = writer.bytes
        try Self.run(queue) { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO pending_evidence (id, evidence) VALUES (0, ?)", arguments: [Data(bytes)])
        }
    }

    // MARK: Helpers

    /// The number of `.commit` entries (precommits for the block) of `commit`.
    static func signedCount(_ commit: Commit) -> Int {
        commit.signatures.reduce(0) { count, entry in
            if case .commit = entry { return count + 1 }
            return count
        }
    }

    /// `height` as an SQLite integer.
    static func key(_ height: Height) throws(BlockStoreError) -> Int64 {
        guard let key = Int64(exactly: height.rawValue) else { throw .heightOutOfRange(height.rawValue) }
        return key
    }

    /// Runs `body` on the database, turning database errors into ``BlockStoreError/database(_:)``.
    static func run<T>(_ queue: DatabaseQueue, _ body: (Database) throws -> T) throws(BlockStoreError) -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as BlockStoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    /// Decodes stored bytes, naming `what` if they are corrupt.
    static func decode<T: CanonicalDecodable>(_ type: T.Type, _ data: Data, _ what: String) throws(BlockStoreError)
        -> T
    {
        do {
            return try T(canonicalBytes: Array(data))
        } catch {
            throw .corrupt(what: what, reason: error.description)
        }
    }
}
