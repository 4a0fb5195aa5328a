/// A timer the driver asks its host to run.
public enum DriverTimer: Hashable, Sendable {
    /// An engine timeout.
    case consensus(Timeout)
    /// The commit timeout after deciding `Height`: then the next height starts.
    case commit(Height)
    /// Periodic re-gossip of this node's own messages (recovers lost messages).
    case gossip
}

/// What the driver asks its host (the node, or the simulation) to do.
public enum DriverEffect<Peer: Hashable & Sendable>: Sendable {
    /// Send to every peer.
    case broadcast(ConsensusMessage)
    /// Send to one peer.
    case send(ConsensusMessage, to: Peer)
    /// Run the timer and call ``ConsensusDriver/timerFired(_:now:)`` after the duration.
    case schedule(DriverTimer, after: Duration)
    /// A block was decided, executed and persisted.
    case committed(Block, Commit)
    /// Something went wrong that an operator should see (a refused signature, an invalid block from a peer);
    /// consensus continues.
    case problem(String)
    /// The node cannot continue safely (a failed journal replay, block execution or write): it must stop and
    /// an operator must look. The driver ignores every later input.
    case halt(String)
}
