#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor and the few system calls the storage code needs, each retried on `EINTR` and each
/// reporting failure as a ``StorageIOError``. Closes the descriptor when it goes away.
package final class POSIXFile {
    /// The descriptor; `-1` once closed.
    package private(set) var descriptor: Int32
    /// The path it was opened with, for error messages.
    package let path: String

    /// Opens `path` with `flags` (`O_CLOEXEC` is added), creating it with `mode` when `O_CREAT` is among them.
    package init(path: String, flags: Int32, mode: mode_t = 0o600) throws(StorageIOError) {
        self.path = path
        var fd: Int32
        repeat {
            fd = open(path, flags | O_CLOEXEC, mode)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw StorageIOError(operation: "open", path: path, code: errno) }
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// Closes the descriptor, reporting an error (a failed `close` can mean lost data on some file systems).
    package func close() throws(StorageIOError) {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        let result = systemClose(fd)
        // Linux always releases the descriptor, even on EINTR: never retry close.
        guard result == 0 || errno == EINTR else { throw StorageIOError(operation: "close", path: path, code: errno) }
    }

    /// Writes all of `bytes` at the file position, looping over partial writes and `EINTR`.
    package func writeAll(_ bytes: some Collection<UInt8>) throws(StorageIOError) {
        let result: Int32? =
            bytes.withContiguousStorageIfAvailable { buffer in writeAll(buffer, at: nil) }
            ?? Array(bytes).withUnsafeBufferPointer { buffer in writeAll(buffer, at: nil) }
        if let code = result, code != 0 { throw StorageIOError(operation: "write", path: path, code: code) }
    }

    /// Writes all of `bytes` at `offset` (`pwrite`), looping over partial writes and `EINTR`; the file position
    /// does not move.
    package func writeAll(_ bytes: [UInt8], at offset: Int) throws(StorageIOError) {
        let code = bytes.withUnsafeBufferPointer { buffer in writeAll(buffer, at: offset) }
        guard code == 0 else { throw StorageIOError(operation: "pwrite", path: path, code: code) }
    }

    /// Writes `buffer` at the file position (`offset` nil) or at `offset`; returns 0 on success, the `errno`
    /// otherwise.
    private func writeAll(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int?) -> Int32 {
        var done = 0
        while done < buffer.count {
            let start = buffer.baseAddress.map { $0 + done }
            let written =
                if let offset { pwrite(descriptor, start, buffer.count - done, off_t(offset + done)) } else {
                    write(descriptor, start, buffer.count - done)
                }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            // A zero-byte write of a non-empty buffer makes no progress; report it rather than spin.
            if written == 0 { return EIO }
            done += written
        }
        return 0
    }

    /// The file's size in bytes.
    package func size() throws(StorageIOError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw StorageIOError(operation: "fstat", path: path, code: errno) }
        return Int(info.st_size)
    }

    /// The file's permission bits (`st_mode & 0o7777`).
    package func permissions() throws(StorageIOError) -> mode_t {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw StorageIOError(operation: "fstat", path: path, code: errno) }
        return info.st_mode & 0o7777
    }

    /// Sets the file's permission bits.
    package func setPermissions(_ mode: mode_t) throws(StorageIOError) {
        guard fchmod(descriptor, mode) == 0 else { throw StorageIOError(operation: "fchmod", path: path, code: errno) }
    }

    /// Reads the whole file from offset 0, whatever the current position (`pread`, so `O_APPEND` files work).
    package func readAll() throws(StorageIOError) -> [UInt8] {
        let expected = try size()
        var out = [UInt8](repeating: 0, count: expected)
        var done = 0
        let code: Int32 = out.withUnsafeMutableBufferPointer { buffer in
            while done < buffer.count {
                let read = pread(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(done))
                if read < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if read == 0 { break }  // The file shrank under us: return what is there.
                done += read
            }
            return 0
        }
        if code != 0 { throw StorageIOError(operation: "pread", path: path, code: code) }
        out.removeLast(out.count - done)
        return out
    }

    /// Flushes the file's data and metadata to stable storage (`fsync`); with `dataOnly`, only the data and
    /// the metadata needed to read it back (`fdatasync`, where the system has it: enough when the size and the
    /// allocation did not change).
    package func sync(dataOnly: Bool = false) throws(StorageIOError) {
        var result: Int32
        repeat {
            #if canImport(Glibc)
                result = dataOnly ? fdatasync(descriptor) : fsync(descriptor)
            #else
                result = fsync(descriptor)
            #endif
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            throw StorageIOError(operation: dataOnly ? "fdatasync" : "fsync", path: path, code: errno)
        }
    }

    /// Cuts or extends the file to `length` bytes.
    package func truncate(to length: Int) throws(StorageIOError) {
        var result: Int32
        repeat {
            result = ftruncate(descriptor, off_t(length))
        } while result != 0 && errno == EINTR
        guard result == 0 else { throw StorageIOError(operation: "ftruncate", path: path, code: errno) }
    }
}

/// The C library's `close`, named apart from ``POSIXFile/close()``.
private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #else
        Darwin.close(descriptor)
    #endif
}
