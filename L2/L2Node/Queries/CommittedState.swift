import Common

/// The state committed by one sealed block, read only: a ``Common/StateStore`` over the sequencer's tree at a
/// version, for ``L2Runtime/StateReader`` queries and proofs. Writes are refused.
public struct CommittedState: StateStore {
    /// The tree read.
    let tree: StateTree
    /// The version (= block number) read.
    public let version: UInt64

    init(tree: StateTree, version: UInt64) {
        self.tree = tree
        self.version = version
    }

    /// The value at `path` in this version.
    public func get(path: Hash) throws(StateError) -> [UInt8]? {
        try tree.value(at: path, version: version)
    }

    /// Refused: committed state is read only.
    public func set(path: Hash, _ value: [UInt8]) throws(StateError) {
        throw .storage("committed state is read only")
    }

    /// Refused: committed state is read only.
    public func delete(path: Hash) throws(StateError) {
        throw .storage("committed state is read only")
    }

    /// The version's state root.
    public func root() throws(StateError) -> Hash {
        try tree.rootHash(at: version)
    }

    /// A proof of what `key` holds (or that it holds nothing) under ``root()``.
    public func proof(for key: StateKey) throws(StateError) -> StateProof {
        try tree.proof(for: key.path, version: version)
    }
}
