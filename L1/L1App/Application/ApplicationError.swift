import Common

/// Why the application could not serve a call: the node called it out of order, the genesis is invalid, or
/// storage failed. The node should stop; a transaction or query a user got wrong is a ``ResultCode`` instead.
public enum ApplicationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A block, proposal or check came before ``Application/initChain(_:)``.
    case notInitialized
    /// ``Application/initChain(_:)`` was called on a chain that already has blocks, or with another genesis.
    case alreadyInitialized(lastBlockHeight: UInt64)
    /// The genesis request is unusable (bad chain id, bad app state).
    case invalidGenesis(GenesisError)
    /// A block or proposal named another height than the next one.
    case unexpectedHeight(expected: UInt64, got: UInt64)
    /// ``Application/finalizeBlock(_:)`` was called again before the previous block was committed.
    case blockNotCommitted(height: UInt64)
    /// ``Application/commit()`` was called with no finalized block to commit.
    case nothingToCommit
    /// The state store failed.
    case storage(StateError)
    /// Stored state failed to decode or contradicts itself: the database is corrupt.
    case corruptState(String)

    /// A sentence saying what went wrong and what to do.
    public var description: String {
        switch self {
        case .notInitialized:
            "the application has no genesis yet: call initChain first"
        case .alreadyInitialized(let height):
            "the chain is already initialized (last block height \(height)) with another genesis or has blocks"
        case .invalidGenesis(let error):
            "invalid genesis: \(error)"
        case .unexpectedHeight(let expected, let got):
            "expected a block at height \(expected), got height \(got)"
        case .blockNotCommitted(let height):
            "block \(height) was finalized but not committed: commit it before finalizing another block"
        case .nothingToCommit:
            "commit called with no finalized block"
        case .storage(let error):
            "state storage failed: \(error)"
        case .corruptState(let reason):
            "stored state is corrupt: \(reason)"
        }
    }
}
