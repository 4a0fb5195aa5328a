import Common

/// The proposer's mempool transactions, to be turned into a block (ABCI `PrepareProposal`).
public struct PrepareProposalRequest: Sendable {
    /// Candidate transactions, in mempool order (priority first).
    public var txs: [[UInt8]]
    /// The most transaction bytes the block may hold: the sum of the chosen transactions' byte counts.
    /// A negative value is read as 0.
    public var maxTxBytes: Int
    /// The height of the block being proposed.
    public var height: UInt64
    /// The proposed block time.
    public var time: Timestamp
    /// The proposer's consensus key.
    public var proposer: Ed25519PublicKey

    /// Creates a request.
    public init(txs: [[UInt8]], maxTxBytes: Int, height: UInt64, time: Timestamp, proposer: Ed25519PublicKey) {
        self.txs = txs
        self.maxTxBytes = maxTxBytes
        self.height = height
        self.time = time
        self.proposer = proposer
    }
}

/// A proposed block's transactions, for the application to accept or reject (ABCI `ProcessProposal`).
public struct ProcessProposalRequest: Sendable {
    /// The proposed block's transactions, in block order.
    public var txs: [[UInt8]]
    /// The height of the proposed block.
    public var height: UInt64
    /// The proposed block time.
    public var time: Timestamp
    /// The proposer's consensus key.
    public var proposer: Ed25519PublicKey

    /// Creates a request.
    public init(txs: [[UInt8]], height: UInt64, time: Timestamp, proposer: Ed25519PublicKey) {
        self.txs = txs
        self.height = height
        self.time = time
        self.proposer = proposer
    }
}

/// The application's verdict on a proposed block.
public enum ProcessProposalResponse: Hashable, Sendable {
    /// The block is valid: the validator may prevote for it.
    case accept
    /// The block is invalid: the validator prevotes nil. `reason` says why, for the logs.
    case reject(reason: String)

    /// Whether the block was accepted.
    public var isAccepted: Bool { self == .accept }
}
