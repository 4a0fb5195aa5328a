/// Why the sequencer log could not be read or written.
public enum SequencerLogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A system call failed: which call, on which path, and the `errno` it set.
    case io(operation: String, path: String, code: Int32)
    /// The log stopped after an earlier write or sync failure; nothing appended since is durable.
    case stopped(String)
    /// The log was closed.
    case closed

    /// One sentence for the node's log or an RPC error.
    public var description: String {
        switch self {
        case .io(let operation, let path, let code): "\(operation) of \(path) failed (errno \(code))"
        case .stopped(let reason): "the sequencer log stopped after a failure: \(reason)"
        case .closed: "the sequencer log is closed"
        }
    }
}
