import Common
import L2Runtime

/// How the payloads of one transaction kind are laid out in a batch: split into field columns (one per
/// field of the kind's payload type), so that like bytes sit next to like and compress together.
///
/// A payload that is not the canonical encoding of its kind's type (the runtime fails such a transaction, but
/// it is in the block) cannot be split; it goes to the kind's raw column with its position. The layouts are
/// part of the format version.
protocol PayloadColumns: Sendable {
    /// The field columns' names, in order, e.g. `["transfer.recipient", "transfer.amount"]`.
    var fieldNames: [String] { get }

    /// Appends the fields of `payload` to `fields` (one writer per field name) and its ids to `ids`, or returns
    /// `false`, writing nothing, when the payload is not the canonical encoding of the kind's type.
    /// `blockTime` is the timestamp of the transaction's block (deadlines are stored against it).
    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool

    /// Reads one payload's fields and returns the payload's bytes (which ``split(_:blockTime:into:ids:)``
    /// accepts).
    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8]
}

/// The field columns of one kind, being read, and the batch's id tables; errors name the column.
struct FieldReaders {
    let names: [String]
    var readers: [ByteReader]
    var ids: IDTableReader

    /// Reads from field column `field` with `body`.
    mutating func read<T>(_ field: Int, _ body: (inout ByteReader) throws(CodecError) -> T) throws(BatchDecodingError)
        -> T
    {
        do {
            return try body(&readers[field])
        } catch {
            throw .column(names[field], error)
        }
    }

    /// Reads a position from field column `field` and returns the id it names in `role`'s table.
    mutating func readID(_ field: Int, as role: IDRole) throws(BatchDecodingError) -> Hash {
        do {
            return try ids.read(role, from: &readers[field], names[field])
        } catch {
            throw .column(names[field], error)
        }
    }

    /// Reads a list length (at most `cap`) from `countField`, then that many positions from `field`.
    mutating func readIDList(count countField: Int, _ field: Int, as role: IDRole, cap: Int)
        throws(BatchDecodingError) -> [Hash]
    {
        let count = try read(countField) { reader throws(CodecError) in try reader.readLength(cap: cap, "list length") }
        var list = [Hash]()
        list.reserveCapacity(count)
        for _ in 0..<count { list.append(try readID(field, as: role)) }
        return list
    }

    /// Throws unless every field column was read to its end.
    func expectEnd() throws(BatchDecodingError) {
        for (name, reader) in zip(names, readers) {
            do {
                try reader.expectEnd()
            } catch {
                throw .column(name, error)
            }
        }
    }
}

/// The layouts of format version 2: every kind is split into field columns.
enum PayloadLayout {
    /// The layout of `kind`.
    static func columns(for kind: TransactionKind) -> any PayloadColumns {
        switch kind {
        case .transfer: TransferPayloadColumns()
        case .withdraw: WithdrawPayloadColumns()
        case .storeProgram: StoreProgramPayloadColumns()
        case .foundZone: FoundZonePayloadColumns()
        case .reviseZoneRules: ReviseZoneRulesPayloadColumns()
        case .registerResource: RegisterResourcePayloadColumns()
        case .updateResource: UpdateResourcePayloadColumns()
        case .dereferenceResource: DereferenceResourcePayloadColumns()
        case .joinZone: MembershipPayloadColumns(leaving: false)
        case .leaveZone: MembershipPayloadColumns(leaving: true)
        case .issueCredential: IssueCredentialPayloadColumns()
        case .revokeCredential, .acceptCredential, .dismissCredential: CredentialPayloadColumns(kind: kind)
        case .requestExecution: RequestExecutionPayloadColumns()
        case .reportExecution: ReportExecutionPayloadColumns()
        case .cancelExecution: CancelExecutionPayloadColumns()
        case .claimZonePool: ClaimZonePoolPayloadColumns()
        }
    }

    /// The name of `kind`'s raw column (the payloads that do not split, with their positions).
    static func rawColumnName(for kind: TransactionKind) -> String { "\(kind.name).raw" }
}
