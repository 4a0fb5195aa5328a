import L1Consensus

/// Why the block store refused a write or could not read.
public enum BlockStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite failed (cannot open, disk full, I/O error); the message is SQLite's.
    case database(String)
    /// Stored bytes do not decode: the database is corrupt or was written by an incompatible version.
    case corrupt(what: String, reason: String)
    /// A new database needs the genesis state, and none was given.
    case missingGenesis
    /// The database belongs to another chain or genesis than the one given.
    case genesisMismatch(String)
    /// A block was saved out of order.
    case notNextHeight(expected: Height, got: Height)
    /// The commit or the state saved with a block is not for that block.
    case mismatchedBlock(String)
    /// A commit update names a height or block that is not stored.
    case unknownCommit(height: Height)
    /// A height is beyond what SQLite's signed 64-bit integers hold.
    case heightOutOfRange(UInt64)

    public var description: String {
        switch self {
        case .database(let message): "block store database error: \(message)"
        case .corrupt(let what, let reason): "block store is corrupt: \(what) does not decode: \(reason)"
        case .missingGenesis: "the block store is new and needs the genesis state to start from"
        case .genesisMismatch(let reason):
            "the block store belongs to another genesis (\(reason)): use the data directory of this chain"
        case .notNextHeight(let expected, let got): "block \(got) saved out of order: the next height is \(expected)"
        case .mismatchedBlock(let reason): "block saved with data for another block: \(reason)"
        case .unknownCommit(let height): "no stored block matches the commit of height \(height)"
        case .heightOutOfRange(let height): "height \(height) is beyond the store's range (2^63 - 1)"
        }
    }
}
