import Common

/// What a validator may do with a signing request, given what it signed last
/// (``LastSignState/check(height:round:step:signBytes:)``).
public enum SignDecision: Equatable, Sendable {
    /// The request is strictly after the last signature: sign it (and persist the new state first).
    case sign
    /// The request repeats the last one exactly (same position, same bytes): hand back the stored signature,
    /// which is what signing again would produce anyway, without a new write.
    case reuse(Ed25519Signature)
}
