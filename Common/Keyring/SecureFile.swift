import Foundation

/// Writing files that hold secrets: created exclusively with mode 0600, never overwriting.
public enum SecureFile {
    /// Why a secret file could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What failed.
        public let reason: String
        /// `cannot write <path>: <reason>`.
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Creates `path` with `contents`, mode 0600; fails if it exists.
    public static func create(_ path: String, contents: Data) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var written = 0
        try contents.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(path: path, reason: String(cString: strerror(errno)))
                }
                written += n
            }
        }
        guard fsync(fd) == 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
    }
}
