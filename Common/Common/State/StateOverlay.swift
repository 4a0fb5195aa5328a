/// The mutable state of one block: writes kept in memory on top of the tree's latest version,
/// committed as the next version in one transaction.
///
/// Reads see the block's own writes first. Nothing touches the database until ``commit(version:)``.
///
/// ``root()`` prepares the commit of the next version (``StateTree/prepareCommit(_:version:)``) and keeps it
/// until the next write, so that committing right after it writes what the root's walk computed instead of
/// walking the tree again. Should the tree have dropped it meanwhile (another commit or prepared commit came
/// first), the commit walks again.
///
/// An overlay can also be stacked on a sealed one (``init(stackedOn:)``) whose commit is still being written:
/// the next block then executes while the last one is stored.
public struct StateOverlay: StateStore, Sendable {
    /// The tree the overlay sits on.
    public let tree: StateTree
    /// The version the overlay's writes go on top of: the tree's latest when it was created, or for a stacked
    /// overlay the version its sealed overlay commits as.
    public let baseVersion: UInt64?
    /// For a stacked overlay, the writes of the base version, read over the tree's `underlayVersion` while the
    /// base version may not be committed yet; empty otherwise.
    private let underlay: [Hash: [UInt8]?]
    /// The tree version reads go to past the underlay (the base version itself when there is no underlay).
    private let underlayVersion: UInt64?
    private var pending: [Hash: [UInt8]?] = [:]
    /// The commit of the pending writes that ``root()`` prepared, until the next write.
    private(set) var prepared: PreparedCommit?

    /// Starts an overlay on the latest version of `tree`.
    public init(tree: StateTree) {
        self.tree = tree
        self.baseVersion = tree.latestVersion
        self.underlay = [:]
        self.underlayVersion = baseVersion
    }

    /// Starts an overlay on the state `sealed` leaves once committed as the version after its base, whether
    /// or not that commit is written yet: it reads `sealed`'s writes over the version they apply to. Its own
    /// ``root()``, ``commit(version:)`` and ``witness(for:)`` need its base version committed, and throw until
    /// it is.
    public init(stackedOn sealed: StateOverlay) {
        tree = sealed.tree
        baseVersion = sealed.baseVersion.map { $0 &+ 1 } ?? 0
        if !sealed.isStacked || sealed.isBaseCommitted {
            underlay = sealed.pending
            underlayVersion = sealed.baseVersion
        } else {
            // `sealed` is itself stacked on a version not yet written: read through both layers.
            underlay = sealed.underlay.merging(sealed.pending) { $1 }
            underlayVersion = sealed.underlayVersion
        }
    }

    /// The number of distinct paths written.
    public var pendingCount: Int { pending.count }

    /// Whether the overlay is stacked on a sealed one (its reads go to the version below its base).
    private var isStacked: Bool { underlayVersion != baseVersion }

    /// Whether the tree holds the base version (versions are only ever added on top).
    private var isBaseCommitted: Bool {
        guard let baseVersion else { return true }
        guard let latest = tree.latestVersion else { return false }
        return latest >= baseVersion
    }

    public func get(path: Hash) throws(StateError) -> [UInt8]? {
        if let write = pending[path] { return write }
        if isStacked {
            // Once the base version is the tree's latest, reading it is the same and faster (its root is at
            // hand, and the cache holds its nodes).
            if let baseVersion, tree.latestVersion == baseVersion {
                return try tree.value(at: path, version: baseVersion)
            }
            if let write = underlay[path] { return write }
        }
        guard let underlayVersion else { return nil }
        return try tree.value(at: path, version: underlayVersion)
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
                "the tree is at version \(tree.latestVersion.map(String.init) ?? "none"), not at the overlay's "
                    + "base version \(baseVersion.map(String.init) ?? "none")")
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
