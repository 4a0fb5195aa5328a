/// The connected peers, keyed by node id, and the rules for admitting a newly authenticated connection: at most
/// one connection per node, a deterministic tie-break between two, and the inbound limit.
///
/// A pure value: the switch keeps it under its lock and acts on what ``admit(_:)`` returns.
struct PeerSet<Handle> {
    /// One admitted connection.
    struct Entry {
        /// The peer's id.
        let id: NodeID
        /// Who dialed.
        let direction: ConnectionDirection
        /// The connection's number, unique within the switch (tells two connections to one node apart).
        let connection: UInt64
        /// What the switch keeps for the connection.
        let handle: Handle
    }

    /// What ``admit(_:)`` decided.
    enum Admission {
        /// The connection is in the set; `replaced`, if any, was the node's previous connection and must be closed.
        case admitted(replaced: Entry?)
        /// The connection is refused and must be closed.
        case rejected(DisconnectReason)
    }

    /// This node's id (the tie-break needs it).
    let localID: NodeID
    /// The most inbound connections admitted at once.
    let maxInbound: Int
    /// The admitted connections.
    private(set) var entries: [NodeID: Entry] = [:]

    /// An empty set for node `localID`.
    init(localID: NodeID, maxInbound: Int) {
        self.localID = localID
        self.maxInbound = maxInbound
    }

    /// The number of inbound connections admitted.
    var inboundCount: Int { entries.values.count { $0.direction == .inbound } }

    /// Whether a new connection with `remoteID` in direction `new` should replace one in direction `existing`.
    ///
    /// Two connections between the same pair that were opened in opposite directions (both nodes dialed at once):
    /// keep the one dialed by the node with the smaller id. Both nodes apply the same rule to the same pair, so
    /// they keep the same TCP connection. Two in the same direction: keep the newer one, since the older is most
    /// likely dead on the other side (the peer restarted before we noticed).
    static func newReplacesExisting(
        existing: ConnectionDirection, new: ConnectionDirection, localID: NodeID, remoteID: NodeID
    ) -> Bool {
        guard existing != new else { return true }
        let localDialsWinner = localID < remoteID
        return (new == .outbound) == localDialsWinner
    }

    /// Admits `entry` or says why not.
    mutating func admit(_ entry: Entry) -> Admission {
        if let existing = entries[entry.id] {
            guard
                Self.newReplacesExisting(
                    existing: existing.direction, new: entry.direction, localID: localID, remoteID: entry.id)
            else { return .rejected(.duplicateConnection) }
            entries[entry.id] = entry
            return .admitted(replaced: existing)
        }
        if entry.direction == .inbound && inboundCount >= maxInbound {
            return .rejected(.tooManyPeers)
        }
        entries[entry.id] = entry
        return .admitted(replaced: nil)
    }

    /// Removes the entry for `id` if it is still connection `connection`; returns it if it was.
    mutating func remove(id: NodeID, connection: UInt64) -> Entry? {
        guard let entry = entries[id], entry.connection == connection else { return nil }
        entries[id] = nil
        return entry
    }

    /// Removes and returns every entry, in id order.
    mutating func removeAll() -> [Entry] {
        defer { entries = [:] }
        return entries.values.sorted { $0.id < $1.id }
    }
}

extension PeerSet: Sendable where Handle: Sendable {}
extension PeerSet.Entry: Sendable where Handle: Sendable {}
