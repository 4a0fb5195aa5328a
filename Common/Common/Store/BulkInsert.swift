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

    /// Appends the rows of `other` after these.
    mutating func append(contentsOf other: RowBuffer) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        ends.append(contentsOf: other.ends.lazy.map { $0 + base })
    }

    /// The bounds of row `i`'s key and value in `bytes`.
    func bounds(ofRow i: Int) -> (key: Range<Int>, value: Range<Int>) {
        let start = i == 0 ? 0 : ends[2 * i - 1]
        return (start..<ends[2 * i], ends[2 * i]..<ends[2 * i + 1])
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

    /// Inserts every row of `rows`, in order.
    func insert(_ rows: RowBuffer) throws(StateError) {
        let result: Result<Void, StateError> = rows.bytes.withUnsafeBytes { raw in
            defer {
                many.clearBindings()
                one.clearBindings()
            }
            var row = 0
            while row < rows.count {
                let statement = rows.count - row >= Self.rowsPerStatement ? many : one
                let batch = statement === many ? Self.rowsPerStatement : 1
                for i in 0..<batch {
                    let (key, value) = rows.bounds(ofRow: row + i)
                    statement.bindBlob(Int32(2 * i + 1), UnsafeRawBufferPointer(rebasing: raw[key]))
                    statement.bindBlob(Int32(2 * i + 2), UnsafeRawBufferPointer(rebasing: raw[value]))
                }
                do throws(StateError) {
                    try statement.execute()
                } catch {
                    return .failure(error)
                }
                row += batch
            }
            return .success(())
        }
        try result.get()
    }
}
