/// Values of the state tree's latest version by path, each with the version it was written at, so that a read
/// of a path at any version from that one to the latest is answered without SQLite: a value stays what it is
/// until a later version writes its path, and every commit updates the paths it wrote (``StateTree``).
///
/// Held under the tree's lock together with its version bounds, so that an entry and the latest version are
/// read as one. Its contents never change an answer, only how fast it comes: a miss reads the database.
///
/// Two generations keep what is used: entries go into the recent one, written or read; when it would hold more than half
/// of ``capacityBytes``, it becomes the older one and the older one is dropped whole. An entry of the older
/// generation that is read again moves back to the recent one, so the paths every block reads (zones,
/// programs, resources, busy accounts) stay however many paths are written once and never read (orders,
/// grants, reports). Dropping a generation whole costs about nothing; removing entries one by one from a
/// table of 200,000 took seconds in the sequencer, with the tree's lock held.
struct ValueCache {
    struct Entry {
        /// The value, or `nil`: the path holds nothing.
        var value: [UInt8]?
        /// The version from which the path holds `value` (for an absent path: from which it is known absent).
        var since: UInt64

        /// About what the entry costs in memory.
        var bytes: Int { (value?.count ?? 0) + ValueCache.entryOverhead }
    }

    /// About what an entry costs besides its value: the path, the dictionary slot, the array header.
    static let entryOverhead = 96

    let capacityBytes: Int
    /// Entries written or read since the last turn of generations. A path in both generations is newest here.
    private(set) var recent: [Hash: Entry] = [:]
    /// The generation before: answered too, and an entry read here moves to `recent`.
    private(set) var older: [Hash: Entry] = [:]
    private var recentBytes = 0
    private var olderBytes = 0

    init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    /// About the memory the entries take (an entry moved back to `recent` counts twice until its old copy goes).
    var bytes: Int { recentBytes + olderBytes }

    /// The value at `path` in `version` if known: `.some(nil)` for a known absence, `nil` for a miss. An entry
    /// found in the older generation moves to the recent one.
    mutating func value(at path: Hash, version: UInt64) -> [UInt8]?? {
        let entry: Entry
        if let found = recent[path] {
            entry = found
        } else if let found = older[path] {
            entry = found
            insert(found, at: path)
        } else {
            return nil
        }
        guard entry.since <= version else { return nil }
        return .some(entry.value)
    }

    /// Records that `path` holds `value` from version `since` up to the latest.
    mutating func remember(_ value: [UInt8]?, at path: Hash, since: UInt64) {
        insert(Entry(value: value, since: since), at: path)
    }

    /// Records the writes of a commit of `version`.
    mutating func apply(_ writes: StateTree.SortedWrites, version: UInt64) {
        for (path, value) in zip(writes.paths, writes.values) { remember(value, at: path, since: version) }
    }

    private mutating func insert(_ entry: Entry, at path: Hash) {
        guard capacityBytes > 0 else { return }
        if recentBytes + entry.bytes > capacityBytes / 2, !recent.isEmpty {
            // The turn: the recent generation becomes the older one; the older one's entries are older still
            // (or stale copies of recent ones) and go.
            older = recent
            olderBytes = recentBytes
            recent = [:]
            recentBytes = 0
        }
        if let old = recent.updateValue(entry, forKey: path) { recentBytes -= old.bytes }
        recentBytes += entry.bytes
    }
}
