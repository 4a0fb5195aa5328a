/// Where a ``WriteAheadLog`` keeps its bytes: a file on disk (``FileWALMedium``) or memory for deterministic
/// simulation (``MemoryWALMedium``).
///
/// The log only appends, syncs, reads everything back at open, cuts a torn tail, and replaces the whole content
/// when it compacts. Bytes appended are not durable until ``sync()`` returns.
public protocol WALMedium: AnyObject {
    /// Appends `bytes` at the end. On failure an unknown prefix of `bytes` may have been appended.
    func append(_ bytes: [UInt8]) throws(WALError)

    /// Makes everything appended so far durable (for a file: `fsync`).
    func sync() throws(WALError)

    /// The whole content, from byte 0.
    func readAll() throws(WALError) -> [UInt8]

    /// Cuts the content to its first `length` bytes, durably; ``WALError/truncationBeyondEnd(length:size:)`` if
    /// `length` is above the current size.
    func truncate(to length: Int) throws(WALError)

    /// Replaces the whole content with `bytes`, atomically and durably: after a crash at any point the medium holds
    /// either the old content or exactly `bytes`.
    func replaceContents(with bytes: [UInt8]) throws(WALError)
}
