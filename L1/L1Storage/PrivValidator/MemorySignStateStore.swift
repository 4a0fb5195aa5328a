import Common

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ``SignStateStore`` in memory, for simulation: it survives a simulated node restart as long as the test
/// keeps the object, and can be told to fail its next saves.
public final class MemorySignStateStore: SignStateStore {
    /// The saved state.
    public private(set) var state: LastSignState?
    /// How many saves succeeded.
    public private(set) var saveCount = 0
    /// While set, every ``save(_:)`` fails with an I/O error and changes nothing (a full or failing disk).
    public var failSaves = false

    /// Creates a store holding `state` (`nil`: never signed).
    public init(state: LastSignState? = nil) {
        self.state = state
    }

    /// Returns ``state``.
    public func load() throws(SignStateStoreError) -> LastSignState? {
        state
    }

    /// Sets ``state``, or fails if ``failSaves`` is set.
    public func save(_ state: LastSignState) throws(SignStateStoreError) {
        guard !failSaves else { throw .io(StorageIOError(operation: "write", path: "<memory>", code: ENOSPC)) }
        self.state = state
        saveCount += 1
    }
}
