import Common
import L1Consensus

/// The consensus journal on the write-ahead log: each input is one `message` record in its journal encoding,
/// a decided height is an `endHeight` marker (synced), and the log is compacted once it passes a size so it
/// never grows without bound.
public final class WALJournal: ConsensusJournal {
    /// The log written to.
    public let log: WriteAheadLog
    /// The log size past which an end-of-height marker triggers compaction.
    public let compactionThreshold: Int

    /// A journal on `log`, compacting after `compactionThreshold` bytes.
    public init(log: WriteAheadLog, compactionThreshold: Int = 64 << 20) {
        self.log = log
        self.compactionThreshold = compactionThreshold
    }

    public func record(_ input: ConsensusInput) throws {
        guard let bytes = input.journalBytes else { return }
        try log.append(message: bytes)
    }

    public func sync() throws { try log.sync() }

    public func endHeight(_ height: Height) throws {
        try log.appendEndHeight(height.rawValue)
        try log.sync()
        if log.byteCount > compactionThreshold { try log.compact() }
    }

    public func ensureEndHeight(_ height: Height) throws {
        guard height > Height(0), (log.lastEndHeight ?? 0) < height.rawValue else { return }
        try endHeight(height)
    }

    public func inputs(forHeight height: Height) throws -> [ConsensusInput] {
        try log.messages(forHeight: height.rawValue).map { try ConsensusInput(journalBytes: $0) }
    }
}
