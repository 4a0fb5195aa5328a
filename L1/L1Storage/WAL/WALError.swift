import Common

/// Why a write-ahead-log operation failed.
public enum WALError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A message payload is larger than the log's record limit; nothing was written.
    case recordTooLarge(size: Int, limit: Int)
    /// The configured record limit is not between 8 bytes and `UInt32.max`.
    case invalidRecordLimit(Int)
    /// An end-of-height marker must be above the last one written; nothing was written.
    case endHeightNotIncreasing(height: UInt64, last: UInt64)
    /// A system call on the log's file failed.
    case io(StorageIOError)
    /// The medium was asked to truncate past its end.
    case truncationBeyondEnd(length: Int, size: Int)
    /// The log's bytes no longer check out although they did when it was opened (changed underneath it).
    case corrupted(WALCorruption)
    /// The medium holds fewer bytes than the log wrote to it (truncated underneath it).
    case mediumShrank(expected: Int, actual: Int)
    /// An earlier write, sync or compaction failed, so what the medium holds is not known: the log refuses further
    /// work. Open the medium again (which recovers it to its last good record) to continue.
    case unusable(reason: String)

    /// A sentence saying what failed and what to do.
    public var description: String {
        switch self {
        case .recordTooLarge(let size, let limit):
            "WAL record of \(size) bytes is above the limit of \(limit) bytes; not written"
        case .invalidRecordLimit(let limit):
            "WAL record limit \(limit) must be between 8 and \(UInt32.max) bytes"
        case .endHeightNotIncreasing(let height, let last):
            "end-of-height marker \(height) is not above the last marker \(last); not written"
        case .io(let error):
            "WAL I/O error: \(error)"
        case .truncationBeyondEnd(let length, let size):
            "cannot truncate the WAL to \(length) bytes: it holds only \(size)"
        case .corrupted(let corruption):
            "WAL changed underneath the open log: \(corruption); reopen it to recover"
        case .mediumShrank(let expected, let actual):
            "WAL medium holds \(actual) bytes but the log wrote \(expected); reopen it to recover"
        case .unusable(let reason):
            "WAL is unusable after an earlier failure (\(reason)); reopen it to recover"
        }
    }
}
