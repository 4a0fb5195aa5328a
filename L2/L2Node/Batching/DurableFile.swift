import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that after a crash it holds either its old bytes or its new ones, and the new ones are on
/// disk before the call returns: write a temporary file, fsync it, rename it over the target, fsync the
/// directory.
enum DurableFile {
    /// Why a durable write failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Replaces the file at `url` with `bytes`, durably.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw Failure(description: "cannot create \(temporary.path)")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        do {
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw Failure(description: "rename to \(url.path) failed: errno \(errno)")
        }
        try syncDirectory(url.deletingLastPathComponent())
    }

    /// The bytes of the file at `url`, or `nil` if there is none.
    static func read(_ url: URL) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return [UInt8](try Data(contentsOf: url))
    }

    private static func syncDirectory(_ directory: URL) throws {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(description: "cannot open \(directory.path): errno \(errno)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(description: "fsync \(directory.path): errno \(errno)") }
    }
}
