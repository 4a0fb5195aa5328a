import Common

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sequencer log in a file, opened `O_CREAT` with mode 0600. A new file's directory entry is fsynced at open,
/// so the log cannot vanish in a crash.
///
/// Appends go at the logical end with `pwrite` (looping over partial writes and `EINTR`) into space written
/// ahead of them: the file is extended by ``preallocationBytes`` of zeros at a time, synced once. A sync then
/// changes no file size or block allocation, so it is an `fdatasync` that writes only the data (about half the
/// time of an `fsync` of an appended file on this project's virtio disk, see docs/performance.md). The zeros
/// past the last frame read as a clean end (``SequencerLogFrame/scan(_:)``), and ``truncate(to:)`` cuts them
/// with any torn frame when the log is opened.
public final class FileLogMedium: SequencerLogMedium {
    /// The file's path.
    public let path: String
    /// How many bytes of zeros are written ahead when an append reaches the end of the file (0: none, every
    /// append extends the file).
    public let preallocationBytes: Int
    private let file: POSIXFile
    /// Where the next append goes.
    private var end: Int
    /// The file's size: ``end`` plus the zeros written ahead.
    private var size: Int

    /// Opens (creating if needed) the log file at `path`; appends are placed at the file's end until
    /// ``truncate(to:)`` sets it (``GroupCommitLog/open(medium:onSync:)`` cuts the log to its last good frame).
    public init(path: String, preallocationBytes: Int = 4 << 20) throws(SequencerLogError) {
        self.path = path
        self.preallocationBytes = max(0, preallocationBytes)
        do throws(StorageIOError) {
            file = try POSIXFile(path: path, flags: O_RDWR | O_CREAT)
            end = try file.size()
            try AtomicFile.syncDirectory(of: path)
        } catch {
            throw SequencerLogError(error)
        }
        size = end
    }

    public func append(_ bytes: [UInt8]) throws(SequencerLogError) {
        if preallocationBytes > 0 && end + bytes.count > size {
            // Room for these bytes and another ``preallocationBytes`` after them.
            try extend(by: end + bytes.count - size + preallocationBytes)
        }
        try Self.io { () throws(StorageIOError) in try file.writeAll(bytes, at: end) }
        end += bytes.count
        size = max(size, end)
    }

    public func sync() throws(SequencerLogError) {
        try Self.io { () throws(StorageIOError) in try file.sync(dataOnly: true) }
    }

    public func readAll() throws(SequencerLogError) -> [UInt8] {
        try Self.io { () throws(StorageIOError) in try file.readAll() }
    }

    public func truncate(to length: Int) throws(SequencerLogError) {
        try Self.io { () throws(StorageIOError) in
            try file.truncate(to: length)
            try file.sync()
        }
        end = length
        size = length
    }

    /// Writes `count` zeros at the end of the file and syncs them with the new size, so that later appends
    /// overwrite written blocks.
    private func extend(by count: Int) throws(SequencerLogError) {
        let zeros = [UInt8](repeating: 0, count: min(count, 1 << 20))
        try Self.io { () throws(StorageIOError) in
            var offset = size
            while offset < size + count {
                let chunk = min(zeros.count, size + count - offset)
                try file.writeAll(chunk == zeros.count ? zeros : Array(zeros[..<chunk]), at: offset)
                offset += chunk
            }
            try file.sync()
        }
        size += count
    }

    private static func io<T>(_ body: () throws(StorageIOError) -> T) throws(SequencerLogError) -> T {
        do {
            return try body()
        } catch {
            throw SequencerLogError(error)
        }
    }
}

extension SequencerLogError {
    /// The log's form of a failed system call.
    init(_ error: StorageIOError) {
        self = .io(operation: error.operation, path: error.path, code: error.code)
    }
}
