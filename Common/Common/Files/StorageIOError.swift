#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A system call on a file or directory failed: which call, on which path, and the `errno` it set.
public struct StorageIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call that failed, as named in the C library (`"open"`, `"write"`, `"fsync"`, `"rename"`, ...).
    public var operation: String
    /// The file or directory it was called on.
    public var path: String
    /// The `errno` value the call left (for example `ENOENT`, `EACCES`, `ENOSPC`, `EIO`).
    public var code: Int32

    /// Records a failed `operation` on `path` with the error number `code`.
    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// Whether the call failed because the path does not exist.
    public var isNotFound: Bool { code == ENOENT }

    /// Whether the call failed because something already has that name.
    public var isAlreadyExists: Bool { code == EEXIST }

    /// A sentence naming the call, the path and the system's explanation, e.g.
    /// `"fsync of /data/wal failed: Input/output error (errno 5)"`.
    public var description: String {
        let reason = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return "\(operation) of \(path) failed: \(reason) (errno \(code))"
    }
}
