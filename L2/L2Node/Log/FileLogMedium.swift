#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sequencer log in a file, opened `O_APPEND | O_CREAT` with mode 0600: appends with `write` (looping over
/// partial writes and `EINTR`) and syncs with `fsync`. A new file's directory entry is fsynced at open, so the
/// log cannot vanish in a crash.
public final class FileLogMedium: SequencerLogMedium {
    /// The file's path.
    public let path: String
    private var descriptor: Int32

    /// Opens (creating if needed) the log file at `path`.
    public init(path: String) throws(SequencerLogError) {
        self.path = path
        var fd: Int32
        repeat {
            fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .io(operation: "open", path: path, code: errno) }
        descriptor = fd
        try Self.syncDirectory(of: path)
    }

    deinit {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }

    public func append(_ bytes: [UInt8]) throws(SequencerLogError) {
        let code: Int32 = bytes.withUnsafeBufferPointer { buffer in
            var done = 0
            while done < buffer.count {
                let written = write(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return EIO }
                done += written
            }
            return 0
        }
        guard code == 0 else { throw .io(operation: "write", path: path, code: code) }
    }

    public func sync() throws(SequencerLogError) {
        var result: Int32
        repeat {
            result = fsync(descriptor)
        } while result != 0 && errno == EINTR
        guard result == 0 else { throw .io(operation: "fsync", path: path, code: errno) }
    }

    public func readAll() throws(SequencerLogError) -> [UInt8] {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(operation: "fstat", path: path, code: errno) }
        var out = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        let code: Int32 = out.withUnsafeMutableBufferPointer { buffer in
            while done < buffer.count {
                let read = pread(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(done))
                if read < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if read == 0 { break }
                done += read
            }
            return 0
        }
        guard code == 0 else { throw .io(operation: "pread", path: path, code: code) }
        out.removeLast(out.count - done)
        return out
    }

    public func truncate(to length: Int) throws(SequencerLogError) {
        var result: Int32
        repeat {
            result = ftruncate(descriptor, off_t(length))
        } while result != 0 && errno == EINTR
        guard result == 0 else { throw .io(operation: "ftruncate", path: path, code: errno) }
        try sync()
    }

    private static func syncDirectory(of path: String) throws(SequencerLogError) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = path[..<slash].isEmpty ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: directory, code: errno) }
        defer { _ = closeDescriptor(fd) }
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: directory, code: errno) }
    }
}

private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #else
        Darwin.close(descriptor)
    #endif
}
