import Common
import L1App
import L1Consensus

/// The execution results of one block as the block store keeps them.
public struct StoredBlockResults: Hashable, Sendable {
    /// The block's height.
    public var height: Height
    /// What finalizeBlock returned: per-transaction results, block events, validator updates, app hash.
    public var results: FinalizeBlockResponse

    /// Creates a record.
    public init(height: Height, results: FinalizeBlockResponse) {
        self.height = height
        self.results = results
    }
}

/// A block header with the commit that decided it.
public struct SignedHeader: Hashable, Sendable {
    /// The header.
    public var header: Header
    /// The commit for ``header``'s block.
    public var commit: Commit
    /// Whether the commit is the canonical one (carried by the next block), not the node's own seen commit.
    public var canonical: Bool

    /// Creates a signed header.
    public init(header: Header, commit: Commit, canonical: Bool) {
        self.header = header
        self.commit = commit
        self.canonical = canonical
    }
}

/// The validator set that decides one height.
public struct HeightValidators: Hashable, Sendable {
    /// The height the set decides.
    public var height: Height
    /// The set, in canonical order.
    public var validators: ValidatorSet

    /// Creates a record.
    public init(height: Height, validators: ValidatorSet) {
        self.height = height
        self.validators = validators
    }
}

/// A committed transaction as the transaction index keeps it.
public struct IndexedTransaction: Hashable, Sendable {
    /// The transaction's bytes.
    public var tx: [UInt8]
    /// The height of the block that carries it.
    public var height: Height
    /// Its position in that block's transactions.
    public var index: UInt32
    /// Its execution result.
    public var result: TxResult

    /// Creates a record.
    public init(tx: [UInt8], height: Height, index: UInt32, result: TxResult) {
        self.tx = tx
        self.height = height
        self.index = index
        self.result = result
    }

    /// The transaction id: BLAKE2b-256 of ``tx``.
    public var hash: Hash { SignedTransaction.hash(of: tx) }
}

/// Mempool transactions and totals.
public struct UnconfirmedTransactions: Hashable, Sendable {
    /// The transactions returned (at most the limit asked for; empty for a count-only request).
    public var txs: [[UInt8]]
    /// How many transactions the mempool holds.
    public var total: Int
    /// How many bytes the mempool's transactions take.
    public var totalBytes: Int

    /// Creates a report.
    public init(txs: [[UInt8]], total: Int, totalBytes: Int) {
        self.txs = txs
        self.total = total
        self.totalBytes = totalBytes
    }
}
