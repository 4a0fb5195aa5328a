import Common

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A write-ahead log in a file: appends with `write` (looping over partial writes and `EINTR`), syncs with
/// `fsync`, and compacts by writing a new file and renaming it over the old one.
///
/// The file is opened `O_APPEND | O_CREAT` with mode `0600` (and set to `0600` if it already existed with another
/// mode). A new file's directory entry is fsynced at open, so an empty log does not vanish in a crash.
/// Not thread-safe: one owner writes the log.
public final class FileWALMedium: WALMedium {
    /// The path of the log file.
    public let path: String
    /// The open file; replaced by compaction.
    private var file: POSIXFile

    /// Opens the log file at `path`, creating it (and making its name durable) if it does not exist.
    public init(path: String) throws(WALError) {
        self.path = path
        do throws(StorageIOError) {
            file = try Self.openLog(path)
            try file.setPermissions(0o600)
            try AtomicFile.syncDirectory(of: path)
        } catch {
            throw .io(error)
        }
    }

    private static func openLog(_ path: String) throws(StorageIOError) -> POSIXFile {
        try POSIXFile(path: path, flags: O_RDWR | O_CREAT | O_APPEND, mode: 0o600)
    }

    /// Appends `bytes` at the end of the file (not yet durable: see ``sync()``).
    public func append(_ bytes: [UInt8]) throws(WALError) {
        do throws(StorageIOError) { try file.writeAll(bytes) } catch { throw .io(error) }
    }

    /// `fsync`s the file.
    public func sync() throws(WALError) {
        do throws(StorageIOError) { try file.sync() } catch { throw .io(error) }
    }

    /// Reads the whole file.
    public func readAll() throws(WALError) -> [UInt8] {
        do throws(StorageIOError) { return try file.readAll() } catch { throw .io(error) }
    }

    /// Cuts the file to `length` bytes and `fsync`s it.
    public func truncate(to length: Int) throws(WALError) {
        let size: Int
        do throws(StorageIOError) { size = try file.size() } catch { throw .io(error) }
        guard length <= size else { throw .truncationBeyondEnd(length: length, size: size) }
        do throws(StorageIOError) {
            try file.truncate(to: length)
            try file.sync()
        } catch {
            throw .io(error)
        }
    }

    /// Writes `bytes` to a temporary file, `fsync`s it, renames it over the log, `fsync`s the directory, and
    /// reopens the log file for appending.
    public func replaceContents(with bytes: [UInt8]) throws(WALError) {
        do throws(StorageIOError) {
            try AtomicFile.write(bytes, to: path, mode: 0o600)
            let replacement = try Self.openLog(path)
            try? file.close()
            file = replacement
        } catch {
            throw .io(error)
        }
    }
}
