import Common

/// What a 32-byte id in a payload names, which picks the batch's id table it goes to. Ids of one role repeat
/// across a batch (the same zones, engines and resources in many requests; an execution in its started and
/// delivered reports), so each is stored once in its table and every use is a small position.
enum IDRole: Int, CaseIterable, Sendable {
    /// Zone ids (`requestExecution.zone`, `joinZone.zone`, ...).
    case zone
    /// Resource ids, engines included (`requestExecution.engine`, `reportExecution.consumed`, ...).
    case resource
    /// Execution order ids (`reportExecution.execution`, `cancelExecution.execution`).
    case execution

    /// The table's column name.
    var columnName: String {
        switch self {
        case .zone: "ids.zones"
        case .resource: "ids.resources"
        case .execution: "ids.executions"
        }
    }
}

/// The id tables being written: one first-appearance table per role. Uses are numbered in the order the
/// payload columns are written (kinds in ascending order, payloads in batch order, fields in layout order),
/// which is the order the reader reads them in.
struct IDTableWriter {
    private var tables = [FirstAppearanceTable<Hash>](repeating: FirstAppearanceTable(), count: IDRole.allCases.count)
    /// How many entries at the head of each table the reader derives itself (not written).
    private var derived = [Int](repeating: 0, count: IDRole.allCases.count)

    /// Starts `role`'s table with `ids` (distinct), which the reader derives from the batch: uses of them are
    /// positions like any other, but the table column leaves them out. Call it before any use of `role`.
    mutating func derive(_ ids: [Hash], as role: IDRole) {
        precondition(tables[role.rawValue].entries.isEmpty, "derived ids come first")
        for id in ids { _ = tables[role.rawValue].position(of: id) }
        derived[role.rawValue] = tables[role.rawValue].entries.count
    }

    /// Writes the position of `id` in `role`'s table to `column`, adding `id` to the table if new.
    mutating func write(_ id: Hash, as role: IDRole, to column: inout ByteWriter) {
        column.writeLength(tables[role.rawValue].position(of: id))
    }

    /// Writes `list.count` to field column `counts` and each id's position to field column `positions`.
    mutating func write(_ list: [Hash], as role: IDRole, counts: Int, positions: Int, in fields: inout [ByteWriter]) {
        fields[counts].writeLength(list.count)
        for id in list { write(id, as: role, to: &fields[positions]) }
    }

    /// `role`'s table column: `varint(m) || id (32) * m`, the entries after the derived ones.
    func column(_ role: IDRole) -> ByteWriter {
        let entries = tables[role.rawValue].entries.dropFirst(derived[role.rawValue])
        var column = ByteWriter(capacity: 5 + 32 * entries.count)
        column.writeLength(entries.count)
        for entry in entries { column.write(entry) }
        return column
    }
}

/// The id tables being read: positions are checked as they are read (each one used before, or exactly the
/// next new entry), and ``expectAllUsed()`` checks at the end that every entry was used.
struct IDTableReader {
    private var tables: [[Hash]]
    private var seen: [Int]

    /// Tables read from their columns (``readTable(from:_:)``), in ``IDRole`` order.
    init(tables: [[Hash]]) {
        precondition(tables.count == IDRole.allCases.count, "one table per role")
        self.tables = tables
        seen = tables.map { _ in 0 }
    }

    /// Reads one table column: `varint(m) || id*m`, distinct ids; `m` is capped by the column's bytes.
    static func readTable(from reader: inout ByteReader, _ role: IDRole) throws(CodecError) -> [Hash] {
        let count = try reader.readLength(cap: reader.remaining / 32, "\(role.columnName) count")
        var entries = [Hash]()
        entries.reserveCapacity(count)
        var distinct = Set<Hash>()
        for _ in 0..<count {
            let offset = reader.offset
            let id = try reader.readHash("id")
            guard distinct.insert(id).inserted else {
                throw .invalidValue(what: role.columnName, offset: offset, reason: "id \(id) is in the table twice")
            }
            entries.append(id)
        }
        return entries
    }

    /// Puts `ids` (distinct, derived from the batch by the reader) at the head of `role`'s table, before any use
    /// of it: positions below `ids.count` name them, and they need not be used. A stored entry that is one of
    /// them is refused: the writer would have used the derived position.
    mutating func derive(_ ids: [Hash], as role: IDRole) throws(BatchDecodingError) {
        let index = role.rawValue
        precondition(seen[index] == 0, "derived ids come first")
        let derived = Set(ids)
        // The column is `varint(count) || id*count`: the entry's offset is past the count's bytes.
        var count = ByteWriter(capacity: 5)
        count.writeLength(tables[index].count)
        for (position, stored) in tables[index].enumerated() where derived.contains(stored) {
            throw .column(
                role.columnName,
                .invalidValue(
                    what: role.columnName, offset: count.bytes.count + 32 * position,
                    reason: "id \(stored) is derived from a request in the batch, so it must not be stored"))
        }
        tables[index] = ids + tables[index]
        seen[index] = ids.count
    }

    /// Reads one position from `reader` and returns the id it names in `role`'s table.
    mutating func read(_ role: IDRole, from reader: inout ByteReader, _ what: String) throws(CodecError) -> Hash {
        let index = role.rawValue
        let offset = reader.offset
        let position = try reader.readLength(cap: seen[index], what)
        if position == seen[index] {
            guard position < tables[index].count else {
                throw .invalidValue(
                    what: what, offset: offset,
                    reason: "position \(position) is past \(role.columnName), which has \(tables[index].count) ids")
            }
            seen[index] += 1
        }
        return tables[index][position]
    }

    /// Throws unless every entry of every table was used.
    func expectAllUsed() throws(BatchDecodingError) {
        for role in IDRole.allCases where seen[role.rawValue] != tables[role.rawValue].count {
            throw .column(
                role.columnName,
                .invalidValue(
                    what: role.columnName, offset: 0,
                    reason:
                        "only \(seen[role.rawValue]) of its \(tables[role.rawValue].count) ids are used: the table is not canonical"
                ))
        }
    }
}
