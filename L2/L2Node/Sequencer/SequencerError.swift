import Common

/// Why the sequencer stopped: it cannot go on without risking a confirmed transaction, so it takes nothing
/// more until an operator looks (every case is logged).
public enum SequencerError: Error, Sendable, CustomStringConvertible {
    /// The state store failed.
    case state(StateError)
    /// The block store failed.
    case blockStore(String)
    /// The sequencer log failed.
    case log(SequencerLogError)
    /// The log does not describe a chain that continues the stored one.
    case corruptLog(String)
    /// Re-executing the log gave another result than the first time (nondeterminism or a damaged store).
    case replayDiverged(String)
    /// The genesis could not be applied.
    case genesis(String)

    /// One sentence for the node's log.
    public var description: String {
        switch self {
        case .state(let error): "state store: \(error)"
        case .blockStore(let detail): "block store: \(detail)"
        case .log(let error): "sequencer log: \(error)"
        case .corruptLog(let detail): "the sequencer log is inconsistent: \(detail)"
        case .replayDiverged(let detail): "replaying the sequencer log diverged: \(detail)"
        case .genesis(let detail): "genesis: \(detail)"
        }
    }
}
