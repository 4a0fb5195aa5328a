/// The mutable state of one block: writes kept in memory on top of the tree's latest version,
/// committed as the next version in one transaction.
///
/// Reads see the block's own writes first. Nothing touches the database until ``commit(version:)``.
///
/// ``root()`` prepares the commit of the next version (``StateTree/prepareCommit(_:version:)``) and keeps it
/// until the next write, so that committing right after it writes what the root's walk computed instead of
/// walking the tree again. Should the tree have dropped it meanwhile (another commit or prepared commit came
/// first), the commit walks again.
public struct StateOverlay: StateStore {
    /// The tree the overlay sits on.
    public let tree: StateTree
    /// The version the overlay reads through to (the tree's latest when it was created).
    public let baseVersion: UInt64?
    private var pending: [Hash: [UInt8]?] = [:]
    /// The commit of the pending writes that ``root()`` prepared, until the next write.
    private(set) var prepared: PreparedCommit?

    /// Starts an overlay on the latest version of `tree`.
    public init(tree: StateTree) {
        self.tree = tree
        self.baseVersion = tree.latestVersion
    }

    /// The number of distinct paths written.
    public var pendingCount: Int { pending.count }

    public func get(path: Hash) throws(StateError) -> [UInt8]? {
        if let write = pending[path] { return write }
        guard let baseVersion else { return nil }
        return try tree.value(at: path, version: baseVersion)
    }

    public mutating func set(path: Hash, _ value: [UInt8]) throws(StateError) {
        try Self.checkSize(value)
        pending[path] = .some(value)
        prepared = nil
    }

    public mutating func delete(path: Hash) throws(StateError) {
        pending[path] = .some(nil)
        prepared = nil
    }

    /// The root with the pending writes applied (computed, not written), with their commit as the version after
    /// the base prepared for ``commit(version:)``.
    public mutating func root() throws(StateError) -> Hash {
        try checkBase()
        if let prepared { return prepared.rootHash }
        let prepared = try tree.prepareCommit(writes, version: baseVersion.map { $0 &+ 1 } ?? 0)
        self.prepared = prepared
        return prepared.rootHash
    }

    /// Commits the pending writes as `version` and returns its root; the overlay is then empty and
    /// reads through to the new version.
    @discardableResult
    public mutating func commit(version: UInt64) throws(StateError) -> Hash {
        try checkBase()
        let root: Hash
        if let prepared, prepared.version == version, tree.isWritable(prepared) {
            root = try tree.commit(prepared)
        } else {
            root = try tree.commit(writes, version: version)
        }
        self = StateOverlay(tree: tree)
        return root
    }

    /// The witness of `paths` against the base version: what a verifier needs to re-execute.
    public func witness(for paths: [Hash]) throws(StateError) -> StateWitness {
        try checkBase()
        guard let baseVersion else {
            // An empty tree: nothing to prove but absence, which the empty multiproof shows.
            let sorted = try Multiproof.sortedUnique(paths)
            return StateWitness(
                entries: sorted.map { StateWitness.Entry(path: $0, value: nil) },
                proof: Multiproof(ops: [.empty], leaves: [], hashes: []))
        }
        return try tree.witness(for: paths, version: baseVersion)
    }

    /// The pending writes as a list (the order does not matter to the tree).
    private var writes: [StateWrite] {
        pending.map { StateWrite(path: $0.key, value: $0.value) }
    }

    private func checkBase() throws(StateError) {
        guard tree.latestVersion == baseVersion else {
            throw .storage(
                "the tree moved to version \(tree.latestVersion.map(String.init) ?? "none") under an "
                    + "overlay of version \(baseVersion.map(String.init) ?? "none")")
        }
    }
}

extension RecordingStore where Base == StateOverlay {
    /// The witness of every key touched so far, against the overlay's base version.
    ///
    /// Recording must start on a fresh overlay: writes made before it would be read back by the
    /// computation but are not in the base version the witness proves.
    public func witness() throws(StateError) -> StateWitness {
        try base.witness(for: touchedPaths)
    }
}
