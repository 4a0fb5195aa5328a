import CSodium

/// libsodium's one-time initialisation for this module (Common's is internal to Common).
enum SodiumRuntime {
    private static let initialized: Bool = sodium_init() >= 0

    /// Initialises libsodium on first use; cheap afterwards.
    @inline(__always) static func ensureInitialized() {
        precondition(initialized, "libsodium failed to initialise")
    }
}
