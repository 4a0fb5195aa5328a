import Common

/// A validator's consensus signer with double-sign protection (as CometBFT's `FilePV`).
///
/// It signs only at positions (height, round, step) strictly after its last signature, and persists the new
/// position and bytes **before** it returns the signature: once a signature has left, a restarted node refuses
/// to sign anything else at that position or before it. Repeating the last request with identical bytes returns
/// the stored signature (a node re-signing after a crash between signing and sending).
///
/// It signs the bytes exactly as given (`key.sign(message:)`); domain separation is the job of whoever builds
/// them. Not thread-safe: one owner (the consensus driver) calls it.
public final class PrivValidator {
    /// The validator's consensus key.
    private let key: Ed25519PrivateKey
    /// Where the last sign state is kept.
    private let store: any SignStateStore
    /// The last signature made (as saved), or `nil` if this validator has never signed.
    public private(set) var lastSignState: LastSignState?

    /// The public half of the validator's consensus key.
    public var publicKey: Ed25519PublicKey { key.publicKey }

    /// Creates a signer for `key`, loading its last sign state from `store`.
    ///
    /// - Throws: ``PrivValidatorError/persistenceFailed(_:)`` if the state cannot be read (missing, corrupt, I/O),
    ///   and ``PrivValidatorError/stateFromAnotherKey(last:)`` if the stored signature does not verify under
    ///   `key`'s public key.
    public init(key: Ed25519PrivateKey, store: any SignStateStore) throws(PrivValidatorError) {
        self.key = key
        self.store = store
        do throws(SignStateStoreError) {
            lastSignState = try store.load()
        } catch {
            throw .persistenceFailed(error)
        }
        if let last = lastSignState, !key.publicKey.verify(last.signature, message: last.signBytes) {
            throw .stateFromAnotherKey(last: last.position)
        }
    }

    /// Signs `signBytes` for (`height`, `round`, `step`) if that does not contradict an earlier signature.
    ///
    /// A new position is saved to the store before the signature is returned; if the save fails, no signature
    /// is returned and the in-memory state stays as it was.
    ///
    /// - Throws: ``PrivValidatorError/regression(requested:last:)``,
    ///   ``PrivValidatorError/conflict(at:signedBytes:requestedBytes:)`` or
    ///   ``PrivValidatorError/persistenceFailed(_:)``.
    public func sign(
        height: UInt64, round: UInt32, step: SignStep, signBytes: [UInt8]
    ) throws(PrivValidatorError) -> Ed25519Signature {
        if let last = lastSignState {
            switch try last.check(height: height, round: round, step: step, signBytes: signBytes) {
            case .reuse(let signature): return signature
            case .sign: break
            }
        }
        let signature = key.sign(message: signBytes)
        let state = LastSignState(
            height: height, round: round, step: step, signBytes: signBytes, signature: signature)
        do throws(SignStateStoreError) {
            try store.save(state)
        } catch {
            throw .persistenceFailed(error)
        }
        lastSignState = state
        return signature
    }
}
