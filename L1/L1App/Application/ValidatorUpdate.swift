import Common

/// A validator's consensus key and voting power: an entry of the initial validator set, or a change to the
/// set that the application asks the consensus engine to apply (power 0 removes the validator).
public struct ValidatorUpdate: Hashable, Sendable {
    /// The validator's Ed25519 consensus key.
    public var publicKey: Ed25519PublicKey
    /// The voting power; 0 removes the validator from the set.
    public var power: UInt64

    /// Creates an update.
    public init(publicKey: Ed25519PublicKey, power: UInt64) {
        self.publicKey = publicKey
        self.power = power
    }
}
