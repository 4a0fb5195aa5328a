/// Values of the state tree's latest version by path, each with the version it was written at, so that a read
/// of a path at any version from that one to the latest is answered without SQLite: a value stays what it is
/// until a later version writes its path, and every commit updates the paths it wrote (``StateTree``).
///
/// Held under the tree's lock together with its version bounds, so that an entry and the latest version are
/// read as one. Its contents never change an answer, only how fast it comes: a miss reads the database. Past
/// ``capacityBytes`` it starts over empty, which costs about nothing. (Dropping a quarter of the entries, in
/// the dictionary's order, was tried first: removing them one by one from a table of 200,000 entries took
/// seconds in the sequencer, with the tree's lock held, and stalled every read.)
struct ValueCache {
    struct Entry {
        /// The value, or `nil`: the path holds nothing.
        var value: [UInt8]?
        /// The version from which the path holds `value` (for an absent path: from which it is known absent).
        var since: UInt64
    }

    /// About what an entry costs besides its value: the path, the dictionary slot, the array header.
    static let entryOverhead = 96

    let capacityBytes: Int
    private(set) var entries: [Hash: Entry] = [:]
    private(set) var bytes = 0

    init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    /// The value at `path` in `version` if known: `.some(nil)` for a known absence, `nil` for a miss.
    func value(at path: Hash, version: UInt64) -> [UInt8]?? {
        guard let entry = entries[path], entry.since <= version else { return nil }
        return .some(entry.value)
    }

    /// Records that `path` holds `value` from version `since` up to the latest.
    mutating func remember(_ value: [UInt8]?, at path: Hash, since: UInt64) {
        guard capacityBytes > 0 else { return }
        let size = (value?.count ?? 0) + Self.entryOverhead
        if let old = entries.updateValue(Entry(value: value, since: since), forKey: path) {
            bytes -= (old.value?.count ?? 0) + Self.entryOverhead
        }
        bytes += size
        if bytes > capacityBytes { removeAll() }
    }

    /// Records the writes of a commit of `version`.
    mutating func apply(_ writes: StateTree.SortedWrites, version: UInt64) {
        for (path, value) in zip(writes.paths, writes.values) { remember(value, at: path, since: version) }
    }

    /// Forgets every entry.
    mutating func removeAll() {
        entries = [:]
        bytes = 0
    }
}
