import Common
import L2Runtime

/// How the payloads of one transaction kind are laid out in a batch: split into field columns (one per
/// field of the kind's payload type), so that like bytes sit next to like and compress together.
///
/// A kind without a strategy keeps its payloads whole in one column (the raw fallback). A payload that is
/// not the canonical encoding of its kind's type (the runtime fails such a transaction, but it is in the
/// block) cannot be split; it goes to the kind's raw column with its position. Which kinds have a strategy is
/// part of the format version.
protocol PayloadColumns: Sendable {
    /// The field columns' names, in order, e.g. `["transfer.recipient", "transfer.amount"]`.
    var fieldNames: [String] { get }

    /// Appends the fields of `payload` to `fields` (one writer per field name), or returns `false`, writing
    /// nothing, when the payload is not the canonical encoding of the kind's type.
    func split(_ payload: [UInt8], into fields: inout [ByteWriter]) -> Bool

    /// Reads one payload's fields and returns the payload's bytes (which ``split(_:into:)`` accepts).
    func join(_ fields: inout FieldReaders) throws(BatchDecodingError) -> [UInt8]
}

/// The field columns of one kind, being read; errors name the column.
struct FieldReaders {
    let names: [String]
    var readers: [ByteReader]

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

/// The strategies of format version 1: transfers are split (recipient, amount); every other kind is raw until
/// its payload type lands (then it gets a strategy here, in a new format version).
enum PayloadLayout {
    /// The strategy for `kind`, or `nil` for the raw fallback.
    static func columns(for kind: TransactionKind) -> (any PayloadColumns)? {
        switch kind {
        case .transfer: TransferPayloadColumns()
        default: nil
        }
    }

    /// The name of `kind`'s raw column: `<kind>.raw` for split kinds (exceptions only), `<kind>.payload`
    /// otherwise.
    static func rawColumnName(for kind: TransactionKind, split: Bool) -> String {
        split ? "\(kind.name).raw" : "\(kind.name).payload"
    }
}

/// ``TransactionKind/transfer``: `transfer.recipient` (20 bytes each) and `transfer.amount` (varint each).
struct TransferPayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["transfer.recipient", "transfer.amount"] }

    func split(_ payload: [UInt8], into fields: inout [ByteWriter]) -> Bool {
        guard let transfer = try? TransferPayload(canonicalBytes: payload) else { return false }
        fields[0].write(transfer.recipient)
        fields[1].write(transfer.amount)
        return true
    }

    func join(_ fields: inout FieldReaders) throws(BatchDecodingError) -> [UInt8] {
        let recipient = try fields.read(0) { reader throws(CodecError) in try reader.read(Address.self) }
        let amount = try fields.read(1) { reader throws(CodecError) in try reader.read(Amount.self) }
        return TransferPayload(recipient: recipient, amount: amount).canonicalBytes
    }
}
