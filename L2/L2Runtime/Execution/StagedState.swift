import Common

/// A state store with one layer of staged writes on top: a transaction's body writes into the stage, and the
/// runtime keeps the stage if the body succeeds or drops it if it fails, so a failed transaction changes
/// nothing but its fee and nonce (which are kept before the body runs).
///
/// Kept writes stay in this layer for the rest of the block and reach the base once, in path order, when the
/// root is asked for: the base sees the same sequence of writes on every node (the root would not depend on
/// it, but a recording store's log and a witness store's misses do), and no transaction pays for a sort.
///
/// The base is held as an existential so that the transaction bodies are compiled once, concretely, whatever
/// store the caller runs on (a generic body called from another module would run unspecialized).
struct StagedState: StateStore {
    /// The store under the stage.
    var base: any StateStore
    /// Staged writes: a value, or `nil` for a delete.
    private var staged: [Hash: [UInt8]?] = [:]
    /// The state at every path read or kept in this block, so each path is read from the base (a database, a
    /// witness) at most once per block and kept writes are visible before they reach the base; it holds at most
    /// the paths the block touched.
    private var known: [Hash: [UInt8]?] = [:]
    /// The paths whose kept value in ``known`` the base does not have yet.
    private var unwritten: Set<Hash> = []
    /// The events the body emitted so far: kept with the writes, dropped with them.
    var events: [RuntimeEvent.Kind] = []

    init(base: some StateStore) {
        self.base = base
    }

    mutating func get(path: Hash) throws(StateError) -> [UInt8]? {
        if let write = staged[path] { return write }
        if let value = known[path] { return value }
        let value = try base.get(path: path)
        known[path] = .some(value)
        return value
    }

    mutating func set(path: Hash, _ value: [UInt8]) throws(StateError) {
        try Self.checkSize(value)
        staged[path] = .some(value)
    }

    mutating func delete(path: Hash) throws(StateError) {
        staged[path] = .some(nil)
    }

    /// Records an event of the current body.
    mutating func emit(_ event: RuntimeEvent.Kind) {
        events.append(event)
    }

    /// The base's root with the staged writes kept and every kept write written to the base.
    mutating func root() throws(StateError) -> Hash {
        try flush()
        return try base.root()
    }

    /// Keeps the staged writes and writes every kept write to the base, in path order.
    mutating func flush() throws(StateError) {
        keepStaged()
        for path in unwritten.sorted() {
            if case .some(.some(let value)) = known[path] {
                try base.set(path: path, value)
            } else {
                try base.delete(path: path)
            }
        }
        unwritten.removeAll(keepingCapacity: true)
    }

    /// Keeps the staged writes for the rest of the block and empties the stage.
    mutating func keepStaged() {
        guard !staged.isEmpty else { return }
        for (path, value) in staged {
            known[path] = .some(value)
            unwritten.insert(path)
        }
        staged.removeAll(keepingCapacity: true)
    }

    /// Drops the staged writes and events.
    mutating func dropStaged() {
        staged.removeAll(keepingCapacity: true)
        events.removeAll(keepingCapacity: true)
    }
}
