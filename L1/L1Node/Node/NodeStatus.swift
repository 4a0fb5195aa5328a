import Common
import L1Consensus

/// A snapshot of the node for RPC, logs and metrics.
public struct NodeStatus: Sendable, Hashable {
    /// This node's P2P id.
    public let nodeID: NodeID
    /// The moniker.
    public let moniker: String
    /// The chain id.
    public let chainID: String
    /// The last decided height (0 before the first block).
    public let latestHeight: Height
    /// The last decided block, if any.
    public let latestBlockID: BlockID?
    /// Its time.
    public let latestBlockTime: Timestamp
    /// The application hash after it.
    public let latestAppHash: Hash
    /// The height and round consensus is working on, and the step.
    public let consensusHeight: Height
    /// The current round.
    public let round: Round
    /// The current step.
    public let step: RoundStep
    /// Connected peers.
    public let peerCount: Int
    /// Transactions waiting in the mempool.
    public let mempoolSize: Int
    /// This node's validator key, if it is one.
    public let validatorKey: Ed25519PublicKey?
}
