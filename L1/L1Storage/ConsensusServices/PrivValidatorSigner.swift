import Common
import L1Consensus

/// The consensus signer backed by the ``PrivValidator``: proposals sign at step 1, prevotes at 2, precommits
/// at 3, and the private validator refuses any regression or conflict.
public final class PrivValidatorSigner: ConsensusSigner {
    /// The private validator that signs.
    public let privValidator: PrivValidator

    /// A signer over `privValidator`.
    public init(privValidator: PrivValidator) {
        self.privValidator = privValidator
    }

    public var publicKey: Ed25519PublicKey { privValidator.publicKey }

    public func sign(_ vote: Vote, chainID: String) throws -> Ed25519Signature {
        try privValidator.sign(
            height: vote.height.rawValue, round: vote.round.rawValue,
            step: vote.type == .prevote ? .prevote : .precommit,
            signBytes: vote.signBytes(chainID: chainID))
    }

    public func sign(_ proposal: Proposal, chainID: String) throws -> Ed25519Signature {
        try privValidator.sign(
            height: proposal.height.rawValue, round: proposal.round.rawValue, step: .proposal,
            signBytes: proposal.signBytes(chainID: chainID))
    }
}
