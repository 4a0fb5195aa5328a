/// What ``WriteAheadLog/open(medium:maxRecordSize:)`` found: how much of the log was whole, and what it cut.
///
/// A crash in the middle of a write leaves a torn last record; a bad disk or a stray write leaves a corrupt one.
/// Opening keeps every record up to the first frame that does not check out and truncates the medium there, so
/// the node always restarts from a log that is a clean prefix of what was written. A non-zero ``bytesCut`` is
/// worth a warning in the node's log; it is expected after a crash (unsynced records may be lost).
public struct WALRecovery: Equatable, Sendable, CustomStringConvertible {
    /// The number of whole, valid records kept.
    public var goodRecordCount: Int
    /// The length of the log after recovery: the end of the last good record.
    public var goodByteCount: Int
    /// How many bytes were cut from the end of the medium (0 for a clean log).
    public var bytesCut: Int
    /// Why the scan stopped early, or `nil` when every byte belonged to a valid record.
    public var reason: WALCorruption?

    /// Describes a recovery.
    public init(goodRecordCount: Int, goodByteCount: Int, bytesCut: Int, reason: WALCorruption?) {
        self.goodRecordCount = goodRecordCount
        self.goodByteCount = goodByteCount
        self.bytesCut = bytesCut
        self.reason = reason
    }

    /// Whether the log was intact (nothing cut).
    public var isClean: Bool { reason == nil }

    /// One line for the node's log.
    public var description: String {
        guard let reason else { return "WAL intact: \(goodRecordCount) records, \(goodByteCount) bytes" }
        return
            "WAL recovered: kept \(goodRecordCount) records (\(goodByteCount) bytes), cut \(bytesCut) bytes: \(reason)"
    }
}
