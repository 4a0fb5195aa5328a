import Common

/// The validators of one height, in canonical order (voting power descending, then address ascending), with the
/// proposer rotation state. Value type: every height has its own copy.
public struct ValidatorSet: Hashable, Sendable {
    /// The members in canonical order; a validator's index here is its index in votes and commits.
    public internal(set) var validators: [Validator]
    /// The sum of all voting powers.
    public internal(set) var totalVotingPower: Int64
    /// The index of the validator chosen by the last proposer rotation (CometBFT's `Proposer`), or nil for a set
    /// that was never rotated. Not hashed.
    var rotatedProposerIndex: Int?

    /// The largest total voting power, as in CometBFT (leaves headroom for priority arithmetic).
    public static let maxTotalVotingPower: Int64 = Int64.max / 8
    /// The most validators a set may hold (bounds votes, commits and gossip per height).
    public static let maxValidators = 10_000
    /// Priorities are kept within this multiple of the total power of each other.
    static let priorityWindowSizeFactor: Int64 = 2

    /// A set of `validators` with their current priorities, as a genesis or a restored set; a new set from
    /// genesis is then advanced once (``incrementingProposerPriority(times:)``) as CometBFT does. A restored set
    /// that was rotated must be given `lastProposer`, the address of ``proposer`` when it was saved (CometBFT
    /// persists it as `Proposer`): the priorities alone do not tell who the last rotation chose.
    public init(validators: [Validator], lastProposer: Address? = nil) throws(ValidatorSetError) {
        guard !validators.isEmpty else { throw .empty }
        guard validators.count <= Self.maxValidators else { throw .tooManyValidators(count: validators.count) }
        var seen = Set<Address>()
        var total: Int64 = 0
        for validator in validators {
            guard validator.votingPower > 0 else {
                throw .invalidPower(address: validator.address.hex, power: validator.votingPower)
            }
            guard seen.insert(validator.address).inserted else {
                throw .duplicateValidator(address: validator.address.hex)
            }
            let (sum, overflow) = total.addingReportingOverflow(validator.votingPower)
            guard !overflow, sum <= Self.maxTotalVotingPower else { throw .totalPowerTooLarge(total: sum) }
            total = sum
        }
        self.validators = validators.sorted(by: Self.canonicalOrder)
        self.totalVotingPower = total
        if let lastProposer {
            guard let index = self.validators.firstIndex(where: { $0.address == lastProposer }) else {
                throw .unknownProposer(address: lastProposer.hex)
            }
            rotatedProposerIndex = index
        }
    }

    /// A genesis set: the members with zero priorities, advanced once.
    public static func genesis(_ members: [(Ed25519PublicKey, Int64)]) throws(ValidatorSetError) -> ValidatorSet {
        let set = try ValidatorSet(validators: members.map { Validator(publicKey: $0.0, votingPower: $0.1) })
        return set.incrementingProposerPriority(times: 1)
    }

    static func canonicalOrder(_ lhs: Validator, _ rhs: Validator) -> Bool {
        lhs.votingPower != rhs.votingPower ? lhs.votingPower > rhs.votingPower : lhs.address < rhs.address
    }

    /// The number of validators.
    public var count: Int { validators.count }

    /// The validator at `index`, or nil when out of range.
    public func validator(at index: Int) -> Validator? {
        validators.indices.contains(index) ? validators[index] : nil
    }

    /// The index of the validator with consensus key `publicKey`, or nil.
    public func index(of publicKey: Ed25519PublicKey) -> Int? {
        validators.firstIndex { $0.publicKey == publicKey }
    }

    /// The index of the validator with `address`, or nil.
    public func index(of address: Address) -> Int? {
        validators.firstIndex { $0.address == address }
    }

    /// The hash committed in headers: the list Merkle root of each member's canonical (key, power) encoding, in
    /// canonical order. Priorities are not hashed.
    public var hash: Hash { MerkleList.root(validators.map(\.canonicalBytes)) }

    /// The power needed for a quorum: strictly more than two thirds of the total.
    public var quorumPower: Int64 { totalVotingPower * 2 / 3 + 1 }

    /// The power needed to be sure at least one honest validator is included: strictly more than one third.
    public var oneThirdPower: Int64 { totalVotingPower / 3 + 1 }

    /// Whether `power` is strictly more than two thirds of the total.
    public func isQuorum(_ power: Int64) -> Bool { power >= quorumPower }

    /// Whether `power` is strictly more than one third of the total.
    public func isOneThird(_ power: Int64) -> Bool { power >= oneThirdPower }
}

extension Address {
    /// Lowercase hex of the 20 address bytes (how consensus logs and RPC name validators).
    public var hex: String { Hex.encode(bytes) }
}
