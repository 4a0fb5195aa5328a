/// Why a validator set or a change to it was refused.
public enum ValidatorSetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The set would have no validators.
    case empty
    /// A voting power is negative, or zero where a member is being added.
    case invalidPower(address: String, power: Int64)
    /// The same key appears twice.
    case duplicateValidator(address: String)
    /// The total voting power would exceed ``ValidatorSet/maxTotalVotingPower``.
    case totalPowerTooLarge(total: Int64)
    /// An update removes a validator that is not in the set.
    case removingUnknown(address: String)
    /// The set has more members than ``ValidatorSet/maxValidators``.
    case tooManyValidators(count: Int)
    /// A restored set names a last proposer that is not one of its members.
    case unknownProposer(address: String)

    public var description: String {
        switch self {
        case .empty: "the validator set would be empty"
        case .invalidPower(let address, let power): "validator \(address) has invalid voting power \(power)"
        case .duplicateValidator(let address): "validator \(address) appears more than once"
        case .totalPowerTooLarge(let total):
            "total voting power \(total) exceeds the maximum \(ValidatorSet.maxTotalVotingPower)"
        case .removingUnknown(let address): "cannot remove validator \(address): it is not in the set"
        case .tooManyValidators(let count): "\(count) validators exceed the maximum \(ValidatorSet.maxValidators)"
        case .unknownProposer(let address): "the last proposer \(address) is not a member of the set"
        }
    }
}
