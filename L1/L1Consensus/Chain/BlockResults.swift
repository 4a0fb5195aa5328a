import Common

/// What executing a decided block produced, as far as consensus cares.
public struct BlockResults: Hashable, Sendable {
    /// The application's state root after the block (goes into the next header).
    public let appHash: Hash
    /// The list Merkle root of the block's transaction results (goes into the next header).
    public let resultsHash: Hash
    /// Validator changes; they take effect at height H+2.
    public let validatorUpdates: [ValidatorUpdate]

    /// Results of a block.
    public init(appHash: Hash, resultsHash: Hash, validatorUpdates: [ValidatorUpdate]) {
        self.appHash = appHash
        self.resultsHash = resultsHash
        self.validatorUpdates = validatorUpdates
    }
}
