import Common
import L1Consensus

/// What `/status` reports: who the node is, where its chain is and whether it is a validator.
public struct NodeStatus: Hashable, Sendable {
    /// The node's P2P identity and network.
    public var nodeInfo: NodeInfo
    /// The node software's version, e.g. `0.1.0`.
    public var softwareVersion: String
    /// The latest stored block, or `nil` before the first block.
    public var latestBlock: BlockSummary?
    /// The lowest stored block (after pruning), or `nil` before the first block.
    public var earliestBlock: BlockSummary?
    /// Whether the node is still syncing blocks from its peers.
    public var catchingUp: Bool
    /// This node's validator key and power, or `nil` when it runs without a validator key.
    public var validator: ValidatorStatus?

    /// Creates a status.
    public init(
        nodeInfo: NodeInfo, softwareVersion: String, latestBlock: BlockSummary?, earliestBlock: BlockSummary?,
        catchingUp: Bool, validator: ValidatorStatus?
    ) {
        self.nodeInfo = nodeInfo
        self.softwareVersion = softwareVersion
        self.latestBlock = latestBlock
        self.earliestBlock = earliestBlock
        self.catchingUp = catchingUp
        self.validator = validator
    }
}

/// One stored block as `/status` names it.
public struct BlockSummary: Hashable, Sendable {
    /// The block's height.
    public var height: Height
    /// The block's id (header hash).
    public var blockID: BlockID
    /// The application's state root **after** this block (what the next header will carry).
    public var appHash: Hash
    /// The block time.
    public var time: L1Consensus.Timestamp

    /// Creates a summary.
    public init(height: Height, blockID: BlockID, appHash: Hash, time: L1Consensus.Timestamp) {
        self.height = height
        self.blockID = blockID
        self.appHash = appHash
        self.time = time
    }
}

/// This node's validator key and its voting power in the current set (0 when it is not in the set).
public struct ValidatorStatus: Hashable, Sendable {
    /// The consensus key.
    public var publicKey: Ed25519PublicKey
    /// The voting power in the current set.
    public var votingPower: Int64

    /// Creates a validator status.
    public init(publicKey: Ed25519PublicKey, votingPower: Int64) {
        self.publicKey = publicKey
        self.votingPower = votingPower
    }

    /// The validator address of ``publicKey``.
    public var address: Address { Validator.address(of: publicKey) }
}
