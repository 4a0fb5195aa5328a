/// The rows of a two-column table (key, value), encoded back to back in one buffer for ``BulkInsert``.
struct RowBuffer: Sendable {
    /// `key || value` of each row, in order.
    private(set) var bytes: [UInt8] = []
    /// Where keys and values end in `bytes`: row `i`'s key ends at `ends[2 * i]`, its value at `ends[2 * i + 1]`.
    private(set) var ends: [Int] = []

    /// The number of rows.
    var count: Int { ends.count / 2 }

    /// Appends a row: `writeKey` then `writeValue` append the key's and the value's bytes.
    mutating func append(key writeKey: (inout [UInt8]) -> Void, value writeValue: (inout [UInt8]) -> Void) {
        writeKey(&bytes)
        ends.append(bytes.count)
        writeValue(&bytes)
        ends.append(bytes.count)
    }

    /// The bounds of row `i`'s key and value in `bytes`.
    func bounds(ofRow i: Int) -> (key: Range<Int>, value: Range<Int>) {
        let start = i == 0 ? 0 : ends[2 * i - 1]
        return (start..<ends[2 * i], ends[2 * i]..<ends[2 * i + 1])
    }

    /// Calls `body` with the bytes of every buffer in `buffers`, all valid at once.
    static func withBytes<R>(
        of buffers: ArraySlice<RowBuffer>, pinned: [UnsafeRawBufferPointer] = [],
        _ body: ([UnsafeRawBufferPointer]) -> R
    ) -> R {
        guard let first = buffers.first else { return body(pinned) }
        return first.bytes.withUnsafeBytes { raw in withBytes(of: buffers.dropFirst(), pinned: pinned + [raw], body) }
    }
}

/// Inserts ``RowBuffer``s into one table with multi-row `INSERT` statements, prepared once: for rows of a
/// few hundred bytes, SQLite's cost per statement (run, reset) is about half its cost per row.
final class BulkInsert {
    /// Rows per statement (two parameters each; SQLite allows 32,766).
    static let rowsPerStatement = 128

    private let many: SQLiteStatement
    private let one: SQLiteStatement

    /// Prepares `INSERT INTO table (keyColumn, valueColumn) VALUES (?, ?), ...`.
    init(_ connection: OpaquePointer, table: String, columns: (key: String, value: String)) throws(StateError) {
        let insert = "INSERT INTO \(table) (\(columns.key), \(columns.value)) VALUES "
        many = try SQLiteStatement(
            connection, insert + Array(repeating: "(?, ?)", count: Self.rowsPerStatement).joined(separator: ", "))
        one = try SQLiteStatement(connection, insert + "(?, ?)")
    }

    /// Must run on the connection's queue, before the connection closes.
    func finalize() {
        many.finalize()
        one.finalize()
    }

    /// Inserts every row of `buffers`, in order, without copying them.
    func insert(_ buffers: [RowBuffer]) throws(StateError) {
        var remaining = buffers.reduce(0) { $0 + $1.count }
        let result: Result<Void, StateError> = RowBuffer.withBytes(of: buffers[...]) { bytes in
            defer {
                many.clearBindings()
                one.clearBindings()
            }
            var buffer = 0
            var row = 0
            while remaining > 0 {
                let statement = remaining >= Self.rowsPerStatement ? many : one
                let batch = statement === many ? Self.rowsPerStatement : 1
                for i in 0..<batch {
                    while row == buffers[buffer].count { (buffer, row) = (buffer + 1, 0) }
                    let (key, value) = buffers[buffer].bounds(ofRow: row)
                    statement.bindBlob(Int32(2 * i + 1), UnsafeRawBufferPointer(rebasing: bytes[buffer][key]))
                    statement.bindBlob(Int32(2 * i + 2), UnsafeRawBufferPointer(rebasing: bytes[buffer][value]))
                    row += 1
                }
                do throws(StateError) {
                    try statement.execute()
                } catch {
                    return .failure(error)
                }
                remaining -= batch
            }
            return .success(())
        }
        try result.get()
    }
}
