import Common
import L2Runtime

/// Constants of the batch format (docs/l2-batches.md).
///
/// A batch's data is `version (1) || optional<hash> dictionary || one zstd frame`; the frame's content is the
/// column section, a fixed sequence of length-prefixed columns. The field layout of each kind's payloads is part
/// of the version: changing one is a new version.
public enum BatchFormat {
    /// The version this code writes and reads. Version 1 split only transfers; version 2 split every kind
    /// into field columns and added the id tables (`ids.zones`, `ids.resources`, `ids.executions`); version 3
    /// replaces the 64-byte signatures by one half-aggregate signature (`32·T + 32` bytes); version 4 starts
    /// `ids.executions` with the ids the batch's own `requestExecution` transactions create, derived from their
    /// hashes and not stored. Each change makes the same section bytes mean something else: hence a new byte
    /// each time.
    public static let version: UInt8 = 4

    /// The ids of the orders the `requestExecution` transactions among `transactions` create (whether or not they
    /// succeed), in order, each once: the derived head of `ids.executions`.
    static func derivedExecutionIDs(_ transactions: some Sequence<Transaction>) -> [Hash] {
        var ids: [Hash] = []
        var seen = Set<Hash>()
        for transaction in transactions where transaction.kind == .requestExecution {
            let id = RecordID.derive(RecordID.execution, transaction: transaction.hash)
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    /// The most bytes of a chain id in the chain-id table (the transaction codec's cap).
    static let maxChainIDBytes = 50
}

/// Zigzag coding of a wrapping difference: small steps either way become small varints, and every `UInt64`
/// difference has exactly one code, so delta columns stay canonical for any input.
enum ZigZag {
    /// The code of `value &- base`.
    static func encode(_ value: UInt64, from base: UInt64) -> UInt64 {
        let signed = Int64(bitPattern: value &- base)
        return UInt64(bitPattern: (signed << 1) ^ (signed >> 63))
    }

    /// The value whose code against `base` is `code`.
    static func decode(_ code: UInt64, from base: UInt64) -> UInt64 {
        base &+ ((code >> 1) ^ (0 &- (code & 1)))
    }
}

extension BatchFormat {
    /// The names of the column section's columns, in order, for a batch whose transactions have `kinds`
    /// (docs/l2-batches.md section 2): for tools that show where a batch's bytes go.
    public static func columnNames(kinds: Set<TransactionKind>) -> [String] {
        var names = [
            "blocks", "timestamps", "transaction counts", "receipts roots", "state roots", "chain ids",
            "chain id positions", "account table", "senders", "nonces", "fees", "kinds",
        ]
        names += IDRole.allCases.map(\.columnName)
        for kind in TransactionKind.allCases where kinds.contains(kind) {
            names.append(PayloadLayout.rawColumnName(for: kind))
            names += PayloadLayout.columns(for: kind).fieldNames
        }
        names.append("aggregate signature")
        return names
    }
}
