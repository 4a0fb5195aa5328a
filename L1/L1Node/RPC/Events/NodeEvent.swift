import L1App
import L1Consensus

/// Something that happened in the node that RPC subscribers can follow.
public enum NodeEvent: Hashable, Sendable {
    /// A block was committed, with its execution results.
    case newBlock(Block, FinalizeBlockResponse)
    /// A transaction was committed in a block (one event per transaction, after the block's `newBlock`).
    case tx(IndexedTransaction)

    /// The CometBFT event name: `NewBlock` or `Tx`.
    public var name: String {
        switch self {
        case .newBlock: "NewBlock"
        case .tx: "Tx"
        }
    }
}
