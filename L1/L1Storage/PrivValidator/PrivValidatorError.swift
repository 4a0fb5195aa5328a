import Common

/// Why a ``PrivValidator`` refused to sign or to start.
public enum PrivValidatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request is at an earlier position than the last signature (lower height; or same height, lower round;
    /// or same height and round, earlier step). Signing it could contradict a signature already given.
    case regression(requested: SignPosition, last: SignPosition)
    /// The request is at the position of the last signature but over different bytes: signing it would be a
    /// double sign (equivocation), which is slashed.
    case conflict(at: SignPosition, signedBytes: [UInt8], requestedBytes: [UInt8])
    /// The sign state could not be read or written; when writing, no signature was returned.
    case persistenceFailed(SignStateStoreError)
    /// The stored last signature does not verify under this validator's public key: the state file belongs to
    /// another key (or was altered). Find the state file that goes with this key.
    case stateFromAnotherKey(last: SignPosition)

    /// A sentence saying what was refused and why.
    public var description: String {
        switch self {
        case .regression(let requested, let last):
            "refusing to sign \(requested): it is before the last signature, \(last) (height, round and step only "
                + "move forward)"
        case .conflict(let position, let signedBytes, let requestedBytes):
            "refusing to sign \(position): different bytes were already signed there (double sign); signed "
                + "\(fingerprint(signedBytes)), requested \(fingerprint(requestedBytes))"
        case .persistenceFailed(let error):
            "sign state not persisted, no signature returned: \(error)"
        case .stateFromAnotherKey(let last):
            "the stored last signature (\(last)) does not verify under this validator's key: the sign state "
                + "belongs to another key or was altered; restore the state file that goes with this key"
        }
    }
}

/// `"<n> bytes, BLAKE2b-256 <first 8 bytes hex>"`: enough to tell two sign-byte strings apart in a log line.
private func fingerprint(_ bytes: [UInt8]) -> String {
    "\(bytes.count) bytes, BLAKE2b-256 \(Hex.encode(Hash.blake2b(bytes).bytes.prefix(8)))..."
}
