import Common
import Foundation
import GRDB
import L1App
import L1Consensus

extension SQLiteBlockStore {
    /// The block at `height`, or nil if none is stored there.
    public func loadBlock(at height: Height) throws(BlockStoreError) -> Block? {
        let key = try Self.key(height)
        return try Self.run(queue) { db in
            try Data.fetchOne(db, sql: "SELECT block FROM blocks WHERE height = ?", arguments: [key]).map {
                try Self.decode(Block.self, $0, "block \(height)")
            }
        }
    }

    /// The block whose header hash is `id`, or nil.
    public func block(byHash id: BlockID) throws(BlockStoreError) -> Block? {
        try Self.run(queue) { db in
            try Data.fetchOne(db, sql: "SELECT block FROM blocks WHERE hash = ?", arguments: [Data(id.hash.bytes)]).map
            {
                try Self.decode(Block.self, $0, "block \(id)")
            }
        }
    }

    /// The stored commit of `height` (the fullest seen), or nil.
    public func loadCommit(at height: Height) throws(BlockStoreError) -> Commit? {
        let key = try Self.key(height)
        return try Self.run(queue) { db in
            try Data.fetchOne(db, sql: "SELECT commit_bytes FROM commits WHERE height = ?", arguments: [key]).map {
                try Self.decode(Commit.self, $0, "commit \(height)")
            }
        }
    }

    /// The chain state after `height` (the genesis state at 0), or nil above the latest height.
    public func state(at height: Height) throws(BlockStoreError) -> ChainState? {
        if height == latestHeight { return latestState }
        if height == Height(0) { return genesis }
        let key = try Self.key(height)
        return try Self.run(queue) { db in
            try Data.fetchOne(db, sql: "SELECT state FROM states WHERE height = ?", arguments: [key]).map {
                try Self.decode(ChainState.self, $0, "state \(height)")
            }
        }
    }

    /// The state to continue from: after the latest block, or the genesis state.
    public func loadState() -> ChainState { latestState }

    /// The application's results for the block at `height`, or nil if none were saved with it.
    public func results(at height: Height) throws(BlockStoreError) -> FinalizeBlockResponse? {
        let key = try Self.key(height)
        let stored = try Self.run(queue) { db in
            try Data.fetchOne(db, sql: "SELECT results FROM block_results WHERE height = ?", arguments: [key])
        }
        guard let stored else { return nil }
        do {
            return try BlockResultsEncoding.decode(Array(stored))
        } catch {
            throw .corrupt(what: "results of block \(height)", reason: error.description)
        }
    }

    /// The committed transaction with `hash` (the earliest, if the same bytes were committed twice), with its
    /// block position and result; nil if no stored block holds it.
    public func transaction(byHash hash: Hash) throws(BlockStoreError) -> StoredTransaction? {
        let place: (Int64, Int)? = try Self.run(queue) { db in
            try Row.fetchOne(
                db, sql: "SELECT height, position FROM txs WHERE hash = ? ORDER BY height, position LIMIT 1",
                arguments: [Data(hash.bytes)]
            ).map { ($0[0], $0[1]) }
        }
        guard let (key, index) = place else { return nil }
        let height = Height(UInt64(key))
        guard let block = try loadBlock(at: height), block.transactions.indices.contains(index) else {
            throw .corrupt(what: "transaction index of \(hash)", reason: "block \(height) has no position \(index)")
        }
        let results = try results(at: height)
        return StoredTransaction(
            height: height, index: index, transaction: block.transactions[index], hash: hash,
            result: results?.txResults.indices.contains(index) == true ? results?.txResults[index] : nil)
    }

    /// The time of the block at `height` (the genesis time at 0), or nil.
    public func loadBlockTime(at height: Height) throws(BlockStoreError) -> L1Consensus.Timestamp? {
        if height == Height(0) { return genesis.genesisTime }
        let key = try Self.key(height)
        return try Self.run(queue) { db in
            try Int64.fetchOne(db, sql: "SELECT time FROM blocks WHERE height = ?", arguments: [key]).map {
                L1Consensus.Timestamp(nanoseconds: UInt64(bitPattern: $0))
            }
        }
    }

    /// The pending evidence saved last (empty if none).
    public func loadPendingEvidence() throws(BlockStoreError) -> [DuplicateVoteEvidence] {
        let stored = try Self.run(queue) { db in
            try Data.fetchOne(db, sql: "SELECT evidence FROM pending_evidence WHERE id = 0")
        }
        guard let stored else { return [] }
        var reader = ByteReader(Array(stored))
        do {
            let items = try reader.readList(
                DuplicateVoteEvidence.self, cap: Self.maxPendingEvidence, "pending evidence")
            try reader.expectEnd()
            return items
        } catch {
            throw .corrupt(what: "pending evidence", reason: error.description)
        }
    }

    /// `body`'s value, or nil with the error kept in ``lastReadError``.
    func answering<T>(_ body: () throws(BlockStoreError) -> T?) -> T? {
        do {
            return try body()
        } catch {
            lastReadError = error
            return nil
        }
    }
}

extension SQLiteBlockStore: ConsensusStore {
    /// Saves a decided block without application results (see ``save(_:commit:state:results:)``).
    public func save(_ block: Block, commit: Commit, state: ChainState) throws {
        try save(block, commit: commit, state: state, results: nil)
    }

    public func updateCommit(_ commit: Commit) throws {
        try replaceCommit(commit)
    }

    public func block(at height: Height) -> Block? {
        answering { () throws(BlockStoreError) in try loadBlock(at: height) }
    }

    public func commit(at height: Height) -> Commit? {
        answering { () throws(BlockStoreError) in try loadCommit(at: height) }
    }

    /// The set that decided `height`: the `validators` of the state after `height - 1`.
    public func validators(at height: Height) -> ValidatorSet? {
        guard height > Height(0) else { return nil }
        return answering { () throws(BlockStoreError) in try state(at: Height(height.rawValue - 1))?.validators }
    }

    public func blockTime(at height: Height) -> L1Consensus.Timestamp? {
        answering { () throws(BlockStoreError) in try loadBlockTime(at: height) }
    }

    public func pendingEvidence() -> [DuplicateVoteEvidence] {
        answering { () throws(BlockStoreError) in try loadPendingEvidence() } ?? []
    }

    public func savePendingEvidence(_ evidence: [DuplicateVoteEvidence]) throws {
        try replacePendingEvidence(evidence)
    }
}
