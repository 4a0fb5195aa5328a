import Foundation
import TestSupport
import Testing

@testable import Common

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("POSIX files")
struct FilesTests {
    @Test("an atomic write is read back with its mode; a missing file reads as nil; a failure names its call")
    func atomicWriteAndRead() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let path = directory.url.appendingPathComponent("batch").path
        #expect(try AtomicFile.read(path) == nil)
        try AtomicFile.write([1, 2, 3], to: path, mode: 0o644)
        try AtomicFile.write([4, 5], to: path, mode: 0o644)
        #expect(try AtomicFile.read(path) == [4, 5])
        let read = try BoundedFileRead(path: path, limit: 16)
        #expect(read.permissions == 0o644)
        #expect(!FileManager.default.fileExists(atPath: AtomicFile.temporaryPath(for: path)))
        let missingDirectory = directory.url.appendingPathComponent("absent/batch").path
        let error = #expect(throws: StorageIOError.self) { try AtomicFile.write([1], to: missingDirectory) }
        #expect(error?.operation == "open" && error?.isNotFound == true)
    }

    @Test("a positioned write lands at its offset and leaves the rest, through a data-only sync and a full one")
    func positionedWrite() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let file = try POSIXFile(path: directory.url.appendingPathComponent("log").path, flags: O_RDWR | O_CREAT)
        try file.writeAll([UInt8](repeating: 0, count: 8), at: 0)
        try file.writeAll([7, 8], at: 3)
        try file.sync(dataOnly: true)
        try file.writeAll([9], at: 8)
        try file.sync()
        #expect(try file.readAll() == [0, 0, 0, 7, 8, 0, 0, 0, 9])
        #expect(try file.size() == 9)
        try file.close()
    }
}
