/// Decoded stored nodes of recent versions, by position: what commits and proofs read instead of SQLite.
///
/// An entry is used only for its exact version, so an entry is never wrong, at worst useless. The nodes are in
/// 17 shards (the root, and one per subtree of the root) so that each worker of a commit can take one shard
/// and update its nodes in place (``SubtreeNodes``).
///
/// Memory: a node costs its children (about 110 bytes each) and, once a commit has rewritten it, its 15 inner
/// binary hashes (``StoredNode``): about 550 bytes more, so about 1 KB per node in all. The cache holds at
/// most ``capacity`` nodes: between commits through ``evictIfFull()``, and during a commit because each walk
/// keeps its shard within ``shardCapacity``.
struct NodeCache {
    /// A cached node and the version it was written at.
    struct Entry {
        var version: UInt64
        var node: StoredNode
    }

    /// The nodes of one shard.
    typealias Shard = [NodePosition: Entry]

    /// The number of shards: the root's, then one per subtree of the root.
    static let shardCount = 17

    /// How many nodes to keep; at it, ``evictIfFull()`` drops nodes down to three quarters of it.
    let capacity: Int
    /// Shard 0 holds the root, shard `1 + n` the nodes below the root's slot `n`.
    var shards = [Shard](repeating: [:], count: shardCount)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// How many nodes a commit's walk keeps in its shard: a seventeenth of ``capacity``.
    var shardCapacity: Int { capacity / Self.shardCount }

    /// The shard holding the node at `position`.
    static func shard(of position: NodePosition) -> Int {
        position.depth == 0 ? 0 : 1 + position.prefix.nibble(0)
    }

    /// The number of cached nodes.
    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// The node at `position` written at `version`, if cached.
    func node(at position: NodePosition, version: UInt64) -> StoredNode? {
        guard let entry = shards[Self.shard(of: position)][position], entry.version == version else { return nil }
        return entry.node
    }

    /// Caches `node`, written at `version`, unless a newer node at `position` is cached: the latest tree is
    /// what commits read.
    mutating func remember(_ node: StoredNode, at position: NodePosition, version: UInt64) {
        let shard = Self.shard(of: position)
        if let cached = shards[shard][position], cached.version > version { return }
        if count >= capacity { evictIfFull() }
        shards[shard][position] = Entry(version: version, node: node)
    }

    /// Drops nodes down to three quarters of `capacity` if the cache holds `capacity` or more, keeping the top
    /// two levels (read by every descent).
    mutating func evictIfFull() {
        let count = self.count
        guard count >= capacity else { return }
        let excess = count - capacity * 3 / 4
        for shard in shards.indices where !shards[shard].isEmpty {
            // Collect first: removing while iterating would copy the whole dictionary.
            let share = excess * shards[shard].count / count + 1
            let victims = Array(shards[shard].keys.lazy.filter { $0.depth > 2 }.prefix(share))
            for position in victims { shards[shard].removeValue(forKey: position) }
        }
    }

    /// Forgets every node.
    mutating func removeAll() {
        shards = [Shard](repeating: [:], count: Self.shardCount)
    }

    /// Forgets the nodes of `version` and later, and those a walk took out and did not put back: what a failed
    /// commit of `version` leaves. Every other entry is a node of an existing version, as stored.
    mutating func forgetVersions(from version: UInt64) {
        for shard in shards.indices {
            let victims = shards[shard].compactMap { $0.value.version >= version ? $0.key : nil }
            for position in victims { shards[shard].removeValue(forKey: position) }
        }
    }
}

/// The stored nodes one walk of a commit reads and replaces: a shard of the node cache, whose nodes the walk
/// takes out, updates in place and puts back, and the database for the nodes the shard lacks.
///
/// Taking a node out of the shard leaves the walk the only owner of its storage, so that changing it copies
/// nothing, and putting the new node where the old one was is the whole cache update. A dry run
/// (``StateTree/rootApplying(_:)``) reads the shard without taking from it and puts nothing back.
struct SubtreeNodes {
    /// The shard of the walk's part of the tree.
    var shard: NodeCache.Shard
    /// Whether the walk takes nodes out of the shard and puts the new ones back.
    let inPlace: Bool
    let database: DatabaseNodeReader
    /// The most nodes the shard keeps: past it, ``put(_:at:version:)`` drops some (``NodeCache/shardCapacity``).
    let capacity: Int

    init(shard: NodeCache.Shard = [:], inPlace: Bool, database: DatabaseNodeReader, capacity: Int) {
        self.shard = shard
        self.inPlace = inPlace
        self.database = database
        self.capacity = capacity
    }

    /// The node at `position` written at `version`; out of the shard when updating in place.
    mutating func take(_ position: NodePosition, version: UInt64) throws(StateError) -> StoredNode {
        guard let index = shard.index(forKey: position), shard.values[index].version == version else {
            return try database.node(at: position, version: version)
        }
        guard inPlace else { return shard.values[index].node }
        // Leave an empty node under a version no lookup asks for (versions fit in an Int64) until the walk puts
        // the node back or removes it: removing the entry now would cost more than overwriting it then.
        var node = StoredNode()
        swap(&node, &shard.values[index].node)
        shard.values[index].version = .max
        return node
    }

    /// Files `node` as the one at `position` written at `version`: a new node, or one taken and left unchanged.
    mutating func put(_ node: StoredNode, at position: NodePosition, version: UInt64) {
        guard inPlace else { return }
        shard[position] = NodeCache.Entry(version: version, node: node)
        if shard.count > capacity { shrink() }
    }

    /// Drops nodes down to three quarters of `capacity`, keeping the top two levels and the nodes the walk has
    /// taken out (which it puts back or removes).
    private mutating func shrink() {
        let excess = shard.count - capacity * 3 / 4
        // Collect first: removing while iterating would copy the whole dictionary.
        let victims = Array(
            shard.lazy.filter { $0.key.depth > 2 && $0.value.version != .max }.map(\.key).prefix(excess))
        for position in victims { shard.removeValue(forKey: position) }
    }

    /// Forgets the node taken from `position`, where no node stands any more.
    mutating func remove(at position: NodePosition) {
        if inPlace { shard.removeValue(forKey: position) }
    }
}
