import Common

/// The rollup's fixed parameters: they are part of the rollup's definition, identical on the sequencer, on
/// every verifier and in the L1 settlement module.
public struct RuntimeConfig: Hashable, Sendable, Codable {
    /// The rollup's chain id; transactions naming another are rejected.
    public var chainID: String
    /// The smallest fee a transaction may carry.
    public var minimumFee: Amount

    /// Creates a configuration.
    public init(chainID: String, minimumFee: Amount = 0) {
        self.chainID = chainID
        self.minimumFee = minimumFee
    }
}
