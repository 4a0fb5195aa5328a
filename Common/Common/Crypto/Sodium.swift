import CSodium

/// One-time libsodium initialisation (selects the CPU-optimised primitives and seeds its RNG).
enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// Initialises libsodium on first use; cheap afterwards.
    @inline(__always) static func ensureInitialized() {
        precondition(initialized, "libsodium failed to initialise")
    }
}
