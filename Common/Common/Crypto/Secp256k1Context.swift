import CSecp256k1

/// The one libsecp256k1 context the process uses for account keys (BIP-340 Schnorr).
///
/// A context is created once, blinded with `secp256k1_context_randomize` (side-channel protection for signing
/// and key generation) and never mutated again. libsecp256k1 documents that a context may be used from many
/// threads at once as long as nobody calls a function that takes it as non-`const` (randomize, destroy), and
/// after `init` nothing does. That is why this class is `@unchecked Sendable`: the pointer it holds is shared
/// read-only, and it is never destroyed (it lives as long as the process).
final class Secp256k1Context: @unchecked Sendable {
    /// The process-wide context.
    static let shared = Secp256k1Context()

    /// The `secp256k1_context *`.
    let pointer: OpaquePointer

    private init() {
        // SECP256K1_CONTEXT_NONE: since libsecp256k1 0.2.0 every context can sign and verify.
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            preconditionFailure("libsecp256k1 could not allocate a context")
        }
        let seed = Bytes32.filled { SecureRandom.fill(UnsafeMutableRawBufferPointer(start: $0, count: 32)) }
        let randomized = seed.withUnsafePointer { secp256k1_context_randomize(context, $0) }
        precondition(randomized == 1, "libsecp256k1 refused to randomize its context")
        pointer = context
    }
}
