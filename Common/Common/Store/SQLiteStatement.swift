import GRDB
import GRDBSQLite

/// A prepared SQLite statement used on the state tree's hot paths (node and leaf reads and appends),
/// where going through GRDB's row decoding would cost more than the I/O itself.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    init(_ connection: OpaquePointer, _ sql: String) throws(StateError) {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else {
            throw .storage("cannot prepare \(sql): \(String(cString: sqlite3_errmsg(connection)))")
        }
        self.handle = statement
        self.connection = connection
    }

    /// Must run on the connection's queue, before the connection closes.
    func finalize() { sqlite3_finalize(handle) }

    /// Binds `blobs` to parameters 1, 2, ... and steps once; returns the first column of the first
    /// row, if any. Blobs are bound without copying, for the duration of the step only.
    @discardableResult
    func run(_ blobs: [UInt8]...) throws(StateError) -> [UInt8]? {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let status = bindAndStep(blobs[...], parameter: 1)
        switch status {
        case SQLITE_ROW:
            let count = Int(sqlite3_column_bytes(handle, 0))
            guard count > 0, let pointer = sqlite3_column_blob(handle, 0) else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        case SQLITE_DONE:
            return nil
        default:
            throw .storage("step failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }

    /// Binds `raw` to parameter `index` (from 1) without copying: the bytes must stay valid and unchanged
    /// until the statement has stepped. An empty buffer binds an empty blob (never NULL).
    func bindBlob(_ index: Int32, _ raw: UnsafeRawBufferPointer) {
        if raw.isEmpty {
            sqlite3_bind_zeroblob(handle, index, 0)
        } else {
            // SQLITE_STATIC (nil): SQLite reads the bytes in place; the caller keeps them alive.
            sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), nil)
        }
    }

    /// Steps a statement that returns no rows (an insert) with the parameters bound, then resets it.
    func execute() throws(StateError) {
        defer { sqlite3_reset(handle) }
        guard sqlite3_step(handle) == SQLITE_DONE else {
            throw .storage("step failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }

    /// Forgets the bound parameters (so that none points at memory about to be freed).
    func clearBindings() { sqlite3_clear_bindings(handle) }

    private func bindAndStep(_ blobs: ArraySlice<[UInt8]>, parameter: Int32) -> Int32 {
        guard let first = blobs.first else { return sqlite3_step(handle) }
        if first.isEmpty {
            sqlite3_bind_zeroblob(handle, parameter, 0)
            return bindAndStep(blobs.dropFirst(), parameter: parameter + 1)
        }
        return first.withUnsafeBytes { raw in
            // SQLITE_STATIC (nil): the bytes outlive the step, which happens inside this closure.
            sqlite3_bind_blob(handle, parameter, raw.baseAddress, Int32(raw.count), nil)
            return bindAndStep(blobs.dropFirst(), parameter: parameter + 1)
        }
    }
}
