#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file writes that a crash cannot leave half done: the new content goes to a temporary file next to the
/// target, is fsynced, then takes the target's name in one step, and the directory is fsynced so the new name
/// survives a power loss. A reader sees the old file or the new one, never a mix.
package enum AtomicFile {
    /// What to do when a file already has the target name.
    package enum ExistingFile {
        /// Replace it (`rename`).
        case replace
        /// Fail with `EEXIST` and leave it untouched (`link`, which never overwrites, then `unlink` of the temp).
        case keep
    }

    /// The temporary name used while `path` is being written: hidden, in the same directory (so the final
    /// rename stays on one file system), and recognisable.
    package static func temporaryPath(for path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return ".\(path).tmp" }
        return "\(path[...slash]).\(path[path.index(after: slash)...]).tmp"
    }

    /// The directory holding `path` (`"."` for a bare name, `"/"` for a file at the root).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }

    /// Writes `bytes` to `path` atomically with permission bits `mode`.
    package static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o600, existing: ExistingFile = .replace
    ) throws(StorageIOError) {
        let temporary = temporaryPath(for: path)
        do throws(StorageIOError) {
            let file = try POSIXFile(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
            // A temp file left by an earlier crash keeps its old mode through O_TRUNC: set it again.
            try file.setPermissions(mode)
            try file.writeAll(bytes)
            try file.sync()
            try file.close()
            switch existing {
            case .replace:
                guard rename(temporary, path) == 0 else {
                    throw StorageIOError(operation: "rename", path: path, code: errno)
                }
            case .keep:
                guard link(temporary, path) == 0 else {
                    throw StorageIOError(operation: "link", path: path, code: errno)
                }
                _ = unlink(temporary)
            }
        } catch {
            _ = unlink(temporary)
            throw error
        }
        try syncDirectory(of: path)
    }

    /// Fsyncs the directory holding `path`, so that a file created, renamed or linked there keeps its name after
    /// a crash.
    package static func syncDirectory(of path: String) throws(StorageIOError) {
        let file = try POSIXFile(path: directory(of: path), flags: O_RDONLY | O_DIRECTORY)
        try file.sync()
        try file.close()
    }

    /// The bytes of the file at `path`, or nil when there is none.
    package static func read(_ path: String) throws(StorageIOError) -> [UInt8]? {
        let file: POSIXFile
        do throws(StorageIOError) {
            file = try POSIXFile(path: path, flags: O_RDONLY)
        } catch  where error.isNotFound {
            return nil
        }
        let bytes = try file.readAll()
        try file.close()
        return bytes
    }
}
