#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small file read whole, with its permission bits taken from the same open descriptor (no race between the
/// check and the read).
package struct BoundedFileRead {
    /// The file's content.
    package var bytes: [UInt8]
    /// Its permission bits (`st_mode & 0o7777`).
    package var permissions: mode_t

    /// Why a bounded read did not return the content.
    package enum Failure: Error {
        /// A system call failed.
        case io(StorageIOError)
        /// The file is larger than `limit`: `size` bytes.
        case tooLarge(size: Int, limit: Int)
    }

    /// Reads `path` if it holds at most `limit` bytes.
    package init(path: String, limit: Int) throws(Failure) {
        let file: POSIXFile
        let size: Int
        do throws(StorageIOError) {
            file = try POSIXFile(path: path, flags: O_RDONLY)
            permissions = try file.permissions()
            size = try file.size()
        } catch {
            throw .io(error)
        }
        guard size <= limit else { throw .tooLarge(size: size, limit: limit) }
        do throws(StorageIOError) {
            bytes = try file.readAll()
            try file.close()
        } catch {
            throw .io(error)
        }
        // The file may have grown between fstat and the read.
        guard bytes.count <= limit else { throw .tooLarge(size: bytes.count, limit: limit) }
    }
}
