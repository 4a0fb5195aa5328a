/// Wraps a state store and records every key read or written through it, so that the witness of
/// the computation (the keys it touched, proven against the pre-state) can be built afterwards.
public struct RecordingStore<Base: StateStore>: StateStore {
    /// The wrapped store.
    public private(set) var base: Base
    private var touched: Set<Hash> = []

    /// Starts recording over `base`.
    public init(_ base: Base) {
        self.base = base
    }

    /// Starts recording over a fresh overlay; refuses one that already holds writes, since the witness
    /// proves the base version only.
    public init(fresh overlay: Base) throws(StateError) where Base == StateOverlay {
        guard overlay.pendingCount == 0 else { throw .witnessOverPendingWrites(count: overlay.pendingCount) }
        self.base = overlay
    }

    /// Every path read or written so far, sorted.
    public var touchedPaths: [Hash] { touched.sorted() }

    public mutating func get(path: Hash) throws(StateError) -> [UInt8]? {
        touched.insert(path)
        return try base.get(path: path)
    }

    public mutating func set(path: Hash, _ value: [UInt8]) throws(StateError) {
        touched.insert(path)
        try base.set(path: path, value)
    }

    public mutating func delete(path: Hash) throws(StateError) {
        touched.insert(path)
        try base.delete(path: path)
    }

    public mutating func root() throws(StateError) -> Hash { try base.root() }
}
