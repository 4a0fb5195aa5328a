/// Why a proposed or synced block is not valid for the chain state.
public enum BlockValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A header field does not match what the chain state requires.
    case headerMismatch(field: String, reason: String)
    /// The block time does not move forward.
    case timeNotMonotonic(previous: Timestamp, proposed: Timestamp)
    /// The last commit is missing, unexpected or does not verify.
    case invalidLastCommit(String)
    /// The proposer is not a member of the validator set.
    case unknownProposer(String)
    /// The block is larger than ``ConsensusParams/maxBlockBytes``.
    case tooLarge(bytes: Int, cap: Int)
    /// An evidence item is invalid, expired, duplicated or already committed.
    case invalidEvidence(String)
    /// The evidence exceeds ``ConsensusParams/maxEvidenceBytes``.
    case tooMuchEvidence(bytes: Int, cap: Int)

    public var description: String {
        switch self {
        case .headerMismatch(let field, let reason): "header \(field) is wrong: \(reason)"
        case .timeNotMonotonic(let previous, let proposed):
            "block time \(proposed) is not after the previous block time \(previous)"
        case .invalidLastCommit(let reason): "invalid last commit: \(reason)"
        case .unknownProposer(let address): "proposer \(address) is not a validator"
        case .tooLarge(let bytes, let cap): "block of \(bytes) bytes exceeds the cap of \(cap)"
        case .invalidEvidence(let reason): "invalid evidence: \(reason)"
        case .tooMuchEvidence(let bytes, let cap): "evidence of \(bytes) bytes exceeds the cap of \(cap)"
        }
    }
}
