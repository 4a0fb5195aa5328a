import Common

/// The column section being written: each column is a ``ByteWriter``, and the section is
/// `bytes(column 1) || bytes(column 2) || ...` in the order the columns were added.
struct ColumnSectionWriter {
    private(set) var bytes: [UInt8] = []

    /// Appends a finished column with its length prefix.
    mutating func append(_ column: ByteWriter) {
        var writer = ByteWriter(capacity: column.bytes.count + 5)
        writer.writeBytes(column.bytes)
        bytes += writer.bytes
    }

    /// Appends the columns of `other`, in order.
    mutating func append(section other: ColumnSectionWriter) {
        bytes += other.bytes
    }
}

/// The column section being read: hands out one column at a time, in order, and checks that each column is
/// read exactly to its end and that nothing follows the last one.
struct ColumnSectionReader {
    private var reader: ByteReader

    init(_ bytes: [UInt8]) {
        reader = ByteReader(bytes)
    }

    /// Reads the next column (its length is capped by what is left of the section) and decodes it with `body`,
    /// which must consume it exactly. Errors name the column.
    mutating func column<T>(
        _ name: String, _ body: (inout ByteReader) throws(CodecError) -> T
    ) throws(BatchDecodingError) -> T {
        let content: [UInt8]
        do {
            content = try reader.readBytes(cap: reader.remaining, "column \(name)")
        } catch {
            throw .section(error)
        }
        var column = ByteReader(content)
        do {
            let value = try body(&column)
            try column.expectEnd()
            return value
        } catch {
            throw .column(name, error)
        }
    }

    /// Throws unless every byte of the section was read.
    func expectEnd() throws(BatchDecodingError) {
        do {
            try reader.expectEnd()
        } catch {
            throw .section(error)
        }
    }
}

/// A table of distinct values in order of first appearance, and for each use the value's position in it.
///
/// Canonical form, which the reader checks: each use names either a value seen before or exactly the next
/// new one, and every table entry is used, so a list of uses has exactly one table and position column.
struct FirstAppearanceTable<Entry: Hashable> {
    private(set) var entries: [Entry] = []
    private var positions: [Entry: Int] = [:]

    /// The position of `entry`, added at the end if new.
    mutating func position(of entry: Entry) -> Int {
        if let known = positions[entry] { return known }
        positions[entry] = entries.count
        entries.append(entry)
        return entries.count - 1
    }

    /// Reads `count` positions into a table of `tableCount` entries, checking first-appearance order and that
    /// every entry is used.
    static func readPositions(
        count: Int, tableCount: Int, from reader: inout ByteReader, _ what: String
    ) throws(CodecError) -> [Int] {
        var positions = [Int]()
        positions.reserveCapacity(min(count, reader.remaining))
        var seen = 0
        for _ in 0..<count {
            let offset = reader.offset
            let position = try reader.readLength(cap: seen, what)
            if position == seen {
                guard seen < tableCount else {
                    throw .invalidValue(
                        what: what, offset: offset, reason: "position \(position) is past the table of \(tableCount)")
                }
                seen += 1
            }
            positions.append(position)
        }
        guard seen == tableCount else {
            throw .invalidValue(
                what: what, offset: reader.offset,
                reason: "only \(seen) of the table's \(tableCount) entries are used: the table is not canonical")
        }
        return positions
    }
}
