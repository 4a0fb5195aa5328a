/// Where the sequencer log keeps its bytes: a file (``FileLogMedium``) or memory (``MemoryLogMedium``, for
/// tests). Bytes appended are durable only once ``sync()`` returns.
///
/// One writer at a time: the log's group-commit thread after ``GroupCommitLog`` opens it.
public protocol SequencerLogMedium: AnyObject {
    /// Appends `bytes` at the end. On failure an unknown prefix of `bytes` may have been appended.
    func append(_ bytes: [UInt8]) throws(SequencerLogError)
    /// Makes everything appended so far durable (for a file: `fsync`).
    func sync() throws(SequencerLogError)
    /// The whole content, from byte 0.
    func readAll() throws(SequencerLogError) -> [UInt8]
    /// Cuts the content to its first `length` bytes, durably.
    func truncate(to length: Int) throws(SequencerLogError)
}
