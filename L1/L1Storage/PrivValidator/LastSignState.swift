import Common

/// The last thing a validator signed: the record that stops it from signing twice at one position (as CometBFT's
/// `priv_validator_state.json`).
public struct LastSignState: Equatable, Sendable {
    /// The height of the last signature.
    public var height: UInt64
    /// Its round.
    public var round: UInt32
    /// Its step.
    public var step: SignStep
    /// The exact bytes that were signed.
    public var signBytes: [UInt8]
    /// The signature over ``signBytes``.
    public var signature: Ed25519Signature

    /// Records a signature made at (`height`, `round`, `step`) over `signBytes`.
    public init(height: UInt64, round: UInt32, step: SignStep, signBytes: [UInt8], signature: Ed25519Signature) {
        self.height = height
        self.round = round
        self.step = step
        self.signBytes = signBytes
        self.signature = signature
    }

    /// The (height, round, step) of the last signature.
    public var position: SignPosition { SignPosition(height: height, round: round, step: step) }

    /// Decides a request to sign `signBytes` at (`height`, `round`, `step`), given that this was the last
    /// signature. Pure: reads nothing and writes nothing.
    ///
    /// - Returns: ``SignDecision/sign`` when the request is at a later height, a later round of the same height, or
    ///   a later step of the same round; ``SignDecision/reuse(_:)`` with the stored signature when it is at the
    ///   same position with identical bytes.
    /// - Throws: ``PrivValidatorError/regression(requested:last:)`` for an earlier position, and
    ///   ``PrivValidatorError/conflict(at:signedBytes:requestedBytes:)`` for the same position with different
    ///   bytes (signing would be a double sign).
    public func check(
        height: UInt64, round: UInt32, step: SignStep, signBytes: [UInt8]
    ) throws(PrivValidatorError) -> SignDecision {
        let requested = SignPosition(height: height, round: round, step: step)
        let last = position
        if requested > last { return .sign }
        if requested < last { throw .regression(requested: requested, last: last) }
        guard signBytes == self.signBytes else {
            throw .conflict(at: last, signedBytes: self.signBytes, requestedBytes: signBytes)
        }
        return .reuse(signature)
    }
}
