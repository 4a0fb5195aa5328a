/// The state a deterministic state machine reads and writes: the L1 modules and the L2 runtime
/// program against this, so the same code runs on the node's database (``StateOverlay``), on a
/// fraud proof's witness (``WitnessStore``), and under recording (``RecordingStore``).
public protocol StateStore {
    /// The value at `path`, or `nil` if there is none (mutating so that a wrapper can record reads).
    mutating func get(path: Hash) throws(StateError) -> [UInt8]?
    /// Writes `value` at `path`.
    mutating func set(path: Hash, _ value: [UInt8]) throws(StateError)
    /// Removes the value at `path` (nothing happens if there is none).
    mutating func delete(path: Hash) throws(StateError)
    /// The state root with every write so far applied.
    mutating func root() throws(StateError) -> Hash
}

extension StateStore {
    /// The value at `key`, or `nil`.
    public mutating func get(_ key: StateKey) throws(StateError) -> [UInt8]? { try get(path: key.path) }

    /// Writes `value` at `key`.
    public mutating func set(_ key: StateKey, _ value: [UInt8]) throws(StateError) {
        try set(path: key.path, value)
    }

    /// Removes the value at `key`.
    public mutating func delete(_ key: StateKey) throws(StateError) { try delete(path: key.path) }

    /// Throws ``StateError/valueTooLarge(bytes:cap:)`` if `value` is over ``SparseMerkle/maxValueBytes``: every
    /// store checks this on `set`, so a value that one store accepts every store accepts.
    public static func checkSize(_ value: [UInt8]) throws(StateError) {
        if value.count > SparseMerkle.maxValueBytes {
            throw .valueTooLarge(bytes: value.count, cap: SparseMerkle.maxValueBytes)
        }
    }
}
