import Common

/// A decided block, to be executed (ABCI `FinalizeBlock`).
public struct FinalizeBlockRequest: Sendable {
    /// The block's height: one more than the last committed height.
    public var height: UInt64
    /// The block time decided by consensus.
    public var time: Timestamp
    /// The block's transactions, in block order.
    public var txs: [[UInt8]]
    /// Evidence of misbehavior committed in the block.
    public var misbehavior: [Misbehavior]
    /// The proposer's consensus key.
    public var proposer: Ed25519PublicKey

    /// Creates a request.
    public init(
        height: UInt64, time: Timestamp, txs: [[UInt8]], misbehavior: [Misbehavior] = [],
        proposer: Ed25519PublicKey
    ) {
        self.height = height
        self.time = time
        self.txs = txs
        self.misbehavior = misbehavior
        self.proposer = proposer
    }
}

/// What executing a block did. Nothing is durable until ``Application/commit()``.
public struct FinalizeBlockResponse: Hashable, Sendable {
    /// One result per transaction, in block order.
    public var txResults: [TxResult]
    /// Events of the block itself (not of a transaction), e.g. recorded misbehavior.
    public var events: [Event]
    /// Changes to the validator set, taking effect at height + 2.
    public var validatorUpdates: [ValidatorUpdate]
    /// The state root after the block: the app hash the next block's header carries.
    public var appHash: Hash

    /// Creates a response.
    public init(txResults: [TxResult], events: [Event], validatorUpdates: [ValidatorUpdate], appHash: Hash) {
        self.txResults = txResults
        self.events = events
        self.validatorUpdates = validatorUpdates
        self.appHash = appHash
    }
}

/// The result of one transaction of a block.
public struct TxResult: Hashable, Sendable {
    /// ``ResultCode/ok``, or why the transaction failed.
    public var code: ResultCode
    /// Empty on success; otherwise what went wrong, e.g. `message 1: insufficient funds: balance 5ustrata, need 10ustrata`.
    public var log: String
    /// What the transaction did (fee payment, transfers). A failed transaction keeps only its fee events.
    public var events: [Event]

    /// Creates a result.
    public init(code: ResultCode, log: String, events: [Event]) {
        self.code = code
        self.log = log
        self.events = events
    }

    /// Whether the transaction succeeded.
    public var isOK: Bool { code.isOK }
}

/// What the node may do after a commit.
public struct CommitResponse: Hashable, Sendable {
    /// Blocks below this height are no longer needed by the application and may be pruned; 0 keeps all.
    public var retainHeight: UInt64

    /// Creates a response.
    public init(retainHeight: UInt64) {
        self.retainHeight = retainHeight
    }
}

/// The application's committed position, for the node's handshake and block replay on restart (ABCI `Info`).
public struct InfoResponse: Hashable, Sendable {
    /// The last committed block height; 0 before the first block (also right after genesis).
    public var lastBlockHeight: UInt64
    /// The state root after ``lastBlockHeight`` (the genesis root when no block is committed yet, ``Hash/zero``
    /// before genesis).
    public var lastBlockAppHash: Hash
    /// The version of the application's state machine, to be carried in block headers.
    public var appVersion: UInt64

    /// Creates a response.
    public init(lastBlockHeight: UInt64, lastBlockAppHash: Hash, appVersion: UInt64) {
        self.lastBlockHeight = lastBlockHeight
        self.lastBlockAppHash = lastBlockAppHash
        self.appVersion = appVersion
    }
}
