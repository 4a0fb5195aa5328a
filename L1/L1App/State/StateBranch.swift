import Common

/// Writes held apart from a base store until they are merged into it or dropped: a transaction's messages
/// run on a branch, so that a failing message leaves no trace while the fee and nonce already taken stay.
///
/// Reads see the branch's own writes first, then the base. ``merged()`` applies the writes to the base in
/// path order, so nothing about the merge depends on dictionary order.
struct StateBranch<Base: StateStore>: StateStore {
    /// The store under the branch, untouched until ``merged()``.
    private var base: Base
    /// The branch's writes: a value, or `nil` for a deletion.
    private var writes: [Hash: [UInt8]?] = [:]

    /// Starts a branch over `base`. To avoid copying the base's own pending writes when merging, hand over a
    /// uniquely held base (`StateOverlay.take()`).
    init(_ base: consuming Base) {
        self.base = base
    }

    mutating func get(path: Hash) throws(StateError) -> [UInt8]? {
        if let write = writes[path] { return write }
        return try base.get(path: path)
    }

    mutating func set(path: Hash, _ value: [UInt8]) throws(StateError) {
        if value.count > SparseMerkle.maxValueBytes {
            throw .valueTooLarge(bytes: value.count, cap: SparseMerkle.maxValueBytes)
        }
        writes[path] = .some(value)
    }

    mutating func delete(path: Hash) throws(StateError) {
        writes[path] = .some(nil)
    }

    /// The root of the base with the branch's writes applied (computed on a copy; the base is unchanged).
    mutating func root() throws(StateError) -> Hash {
        var copy = base
        try Self.apply(writes, to: &copy)
        return try copy.root()
    }

    /// The base with the branch's writes applied.
    consuming func merged() throws(StateError) -> Base {
        try Self.apply(writes, to: &base)
        return base
    }

    /// The base without the branch's writes.
    consuming func discarded() -> Base {
        base
    }

    private static func apply(_ writes: [Hash: [UInt8]?], to store: inout Base) throws(StateError) {
        for (path, value) in writes.sorted(by: { $0.key < $1.key }) {
            if let value {
                try store.set(path: path, value)
            } else {
                try store.delete(path: path)
            }
        }
    }
}

extension StateOverlay {
    /// Moves the overlay out, leaving an empty overlay on the same tree in its place, so that the returned
    /// value holds the only reference to the pending writes and can grow without copying them.
    mutating func take() -> StateOverlay {
        let taken = self
        self = StateOverlay(tree: tree)
        return taken
    }
}
