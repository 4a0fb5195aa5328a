/// Why the backend could not answer a request. Each case maps to a stable JSON-RPC error code (``RPCErrorCode``).
public enum RPCBackendError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The height is above the latest stored height.
    case heightInFuture(requested: UInt64, latest: UInt64)
    /// The height is below the lowest stored height (pruned, or before the first block).
    case heightPruned(requested: UInt64, lowest: UInt64)
    /// Nothing is stored yet (no block committed).
    case noBlocks
    /// The thing asked for does not exist, e.g. `"transaction 5F3A…"`.
    case notFound(String)
    /// The mempool or ingest queue is full; retry later.
    case mempoolFull(String)
    /// The transaction is already in the mempool or was seen recently.
    case alreadyKnown
    /// The node cannot serve this now (starting, stopping, catching up, no peers), with the reason.
    case unavailable(String)
    /// Storage or another internal part failed, with what failed.
    case internalFailure(String)

    /// A sentence saying what went wrong and what to do.
    public var description: String {
        switch self {
        case .heightInFuture(let requested, let latest):
            "height \(requested) must be less than or equal to the current blockchain height \(latest)"
        case .heightPruned(let requested, let lowest):
            "height \(requested) is not available, lowest height is \(lowest)"
        case .noBlocks:
            "no block has been committed yet"
        case .notFound(let what):
            "\(what) not found"
        case .mempoolFull(let detail):
            "mempool is full: \(detail); retry later"
        case .alreadyKnown:
            "tx already exists in cache"
        case .unavailable(let reason):
            "node is not available: \(reason)"
        case .internalFailure(let what):
            "internal error: \(what)"
        }
    }
}
