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
    private var descriptor: Int32
    /// Where the next append goes.
    private var end: Int
    /// The file's size: ``end`` plus the zeros written ahead.
    private var size: Int

    /// Opens (creating if needed) the log file at `path`; appends are placed at the file's end until
    /// ``truncate(to:)`` sets it (``GroupCommitLog/open(medium:onSync:)`` cuts the log to its last good frame).
    public init(path: String, preallocationBytes: Int = 4 << 20) throws(SequencerLogError) {
        self.path = path
        self.preallocationBytes = max(0, preallocationBytes)
        var fd: Int32
        repeat {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .io(operation: "open", path: path, code: errno) }
        descriptor = fd
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            _ = closeDescriptor(fd)
            throw .io(operation: "fstat", path: path, code: code)
        }
        end = Int(info.st_size)
        size = end
        try Self.syncDirectory(of: path)
    }

    deinit {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }

    public func append(_ bytes: [UInt8]) throws(SequencerLogError) {
        if preallocationBytes > 0 && end + bytes.count > size {
            // Room for these bytes and another ``preallocationBytes`` after them.
            try extend(by: end + bytes.count - size + preallocationBytes)
        }
        try write(bytes, at: end)
        end += bytes.count
        size = max(size, end)
    }

    public func sync() throws(SequencerLogError) {
        try Self.sync(descriptor, path: path, dataOnly: true)
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
        end = length
        size = length
        try Self.sync(descriptor, path: path, dataOnly: false)
    }

    /// Writes `count` zeros at the end of the file and syncs them with the new size, so that later appends
    /// overwrite written blocks.
    private func extend(by count: Int) throws(SequencerLogError) {
        let zeros = [UInt8](repeating: 0, count: min(count, 1 << 20))
        var offset = size
        while offset < size + count {
            let chunk = min(zeros.count, size + count - offset)
            try write(chunk == zeros.count ? zeros : Array(zeros[..<chunk]), at: offset)
            offset += chunk
        }
        try Self.sync(descriptor, path: path, dataOnly: false)
        size += count
    }

    /// Writes all of `bytes` at `offset`.
    private func write(_ bytes: [UInt8], at offset: Int) throws(SequencerLogError) {
        let code: Int32 = bytes.withUnsafeBufferPointer { buffer in
            var done = 0
            while done < buffer.count {
                let written = pwrite(
                    descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset + done))
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

    /// `fdatasync` (`dataOnly`, where the system has it) or `fsync`, retried on `EINTR`.
    private static func sync(_ descriptor: Int32, path: String, dataOnly: Bool) throws(SequencerLogError) {
        var result: Int32
        repeat {
            #if canImport(Glibc)
                result = dataOnly ? fdatasync(descriptor) : fsync(descriptor)
            #else
                result = fsync(descriptor)
            #endif
        } while result != 0 && errno == EINTR
        guard result == 0 else { throw .io(operation: dataOnly ? "fdatasync" : "fsync", path: path, code: errno) }
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
