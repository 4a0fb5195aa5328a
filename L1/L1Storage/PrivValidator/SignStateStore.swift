/// Durable storage for a validator's ``LastSignState``: ``FileSignStateStore`` on a node,
/// ``MemorySignStateStore`` in simulation.
public protocol SignStateStore {
    /// The last sign state saved, or `nil` if this validator has never signed.
    func load() throws(SignStateStoreError) -> LastSignState?

    /// Replaces the saved state with `state`, durably: when this returns, a crash cannot bring back the old one.
    /// On failure the store holds either the old state or `state`.
    func save(_ state: LastSignState) throws(SignStateStoreError)
}
