import Common

/// One member of a validator set: its consensus key, voting power and place in the proposer rotation.
public struct Validator: Hashable, Sendable {
    /// The validator's Ed25519 consensus key; it signs proposals and votes.
    public let publicKey: Ed25519PublicKey
    /// The validator's address: the first 20 bytes of BLAKE2b-256 of `publicKey`.
    public let address: Address
    /// The validator's voting power (positive).
    public let votingPower: Int64
    /// The validator's proposer priority (weighted round robin, as in CometBFT); not part of the set's hash.
    public internal(set) var proposerPriority: Int64

    /// A validator with `votingPower` and the given priority.
    public init(publicKey: Ed25519PublicKey, votingPower: Int64, proposerPriority: Int64 = 0) {
        self.publicKey = publicKey
        self.address = Validator.address(of: publicKey)
        self.votingPower = votingPower
        self.proposerPriority = proposerPriority
    }

    /// The address of a consensus key: the first 20 bytes of its BLAKE2b-256 hash.
    public static func address(of publicKey: Ed25519PublicKey) -> Address {
        Address(digest: Hash.blake2b(publicKey.bytes))
    }
}

/// A change to the validator set requested by the application: a power of 0 removes the validator.
public struct ValidatorUpdate: Hashable, Sendable {
    /// The validator's consensus key.
    public let publicKey: Ed25519PublicKey
    /// The new voting power; 0 removes the validator.
    public let power: Int64

    /// An update setting `publicKey`'s power to `power`.
    public init(publicKey: Ed25519PublicKey, power: Int64) {
        self.publicKey = publicKey
        self.power = power
    }
}

extension Validator: CanonicalEncodable {
    /// The hashed form of a validator: its key and power (the priority changes every height and is not hashed).
    public func encode(to writer: inout ByteWriter) {
        writer.write(publicKey)
        writer.writeVarint(UInt64(votingPower))
    }
}
