import Common

/// One record of the sequencer log: the sequencer's decisions, in the order it made them.
///
/// Execution is deterministic, so these records are all it takes to rebuild every block and the state after
/// it: a block was opened with this number and time; these transactions were ordered into it; it was sealed
/// with this header hash.
///
/// A block's sealed record is appended by the block writer once it has computed the block's roots, which it
/// does while the sequencer executes the next blocks: it may come after the records of the next
/// ``SealedBlockWriter/depth`` blocks, never after the opened record of the block after those.
public enum SequencerLogRecord: Hashable, Sendable {
    /// A block was opened: its number, its time (milliseconds since the Unix epoch) and, in logs written before
    /// 2026-11-22 (kind 1), its parent's hash. The sequencer now opens a block before its parent's hash is
    /// known and writes `nil` (kind 4).
    case blockOpened(number: UInt64, timestampMillis: UInt64, parentHash: Hash?)
    /// A transaction's bytes, ordered into the open block (it was accepted: rejected transactions are never
    /// logged).
    case transaction([UInt8])
    /// The open block was sealed with this header hash.
    case blockSealed(number: UInt64, headerHash: Hash)

    /// The record's kind byte in its frame.
    var kind: UInt8 {
        switch self {
        case .blockOpened(_, _, let parentHash): parentHash == nil ? 4 : 1
        case .transaction: 2
        case .blockSealed: 3
        }
    }

    /// The record's payload in its frame.
    var payload: [UInt8] {
        switch self {
        case .blockOpened(let number, let timestampMillis, let parentHash):
            var writer = ByteWriter(capacity: 48)
            writer.writeVarint(number)
            writer.writeVarint(timestampMillis)
            if let parentHash { writer.write(parentHash) }
            return writer.bytes
        case .transaction(let bytes):
            return bytes
        case .blockSealed(let number, let headerHash):
            var writer = ByteWriter(capacity: 48)
            writer.writeVarint(number)
            writer.write(headerHash)
            return writer.bytes
        }
    }

    /// Decodes a record from its kind byte and payload; `nil` for an unknown kind or a payload that does not
    /// decode.
    init?(kind: UInt8, payload: ArraySlice<UInt8>) {
        switch kind {
        case 2:
            self = .transaction(Array(payload))
        case 1, 3, 4:
            var reader = ByteReader(Array(payload))
            do throws(CodecError) {
                if kind == 1 || kind == 4 {
                    self = .blockOpened(
                        number: try reader.readVarint(UInt64.self, "block number"),
                        timestampMillis: try reader.readVarint(UInt64.self, "timestamp"),
                        parentHash: kind == 1 ? try reader.readHash("parent hash") : nil)
                } else {
                    self = .blockSealed(
                        number: try reader.readVarint(UInt64.self, "block number"),
                        headerHash: try reader.readHash("header hash"))
                }
                try reader.expectEnd()
            } catch {
                return nil
            }
        default:
            return nil
        }
    }
}
