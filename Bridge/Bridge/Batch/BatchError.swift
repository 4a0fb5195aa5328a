import Common

/// Why blocks could not be packed into a batch. These are the caller's mistakes (the sequencer's blocks do not
/// form a chain segment, or too much was asked of one batch), never the data's.
public enum BatchEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A batch holds at least one block.
    case noBlocks
    /// More blocks than ``BatchLimits/maxBlocks``.
    case tooManyBlocks(count: Int, cap: Int)
    /// More transactions than ``BatchLimits/maxTransactions``.
    case tooManyTransactions(count: Int, cap: Int)
    /// Block numbers must follow each other: `found` came where `expected` should.
    case notConsecutive(expected: UInt64, found: UInt64)
    /// Block `number`'s parent hash is not the previous block's hash.
    case parentMismatch(number: UInt64)
    /// Block `number`'s header does not match its transactions (count or txs root): the batch restores
    /// them from the transactions, so it cannot carry such a block.
    case headerMismatch(number: UInt64, reason: String)
    /// The column section would be larger than the readers' cap.
    case columnsOverCap(bytes: Int, cap: Int)
    /// The batch data would be larger than ``BatchLimits/maxDataBytes``.
    case dataOverCap(bytes: Int, cap: Int)
    /// zstd failed (an invalid level, or resource exhaustion).
    case compression(ZstdError)
    /// No key is known for `sender` (described), so its signature cannot be aggregated.
    case unknownSigner(String)
    /// The aggregate signature covers `found` signatures; the blocks hold `expected` transactions.
    case signatureCount(expected: Int, found: Int)

    /// What was wrong, for a log line.
    public var description: String {
        switch self {
        case .noBlocks: "a batch needs at least one block"
        case .tooManyBlocks(let count, let cap): "\(count) blocks, above the batch cap of \(cap)"
        case .tooManyTransactions(let count, let cap): "\(count) transactions, above the batch cap of \(cap)"
        case .notConsecutive(let expected, let found): "block \(found) where block \(expected) should follow"
        case .parentMismatch(let number): "block \(number) does not name the previous block as its parent"
        case .headerMismatch(let number, let reason): "block \(number)'s header does not match its body: \(reason)"
        case .columnsOverCap(let bytes, let cap):
            "the columns take \(bytes) bytes, above the decompression cap of \(cap): close batches sooner"
        case .dataOverCap(let bytes, let cap): "the batch takes \(bytes) bytes, above the cap of \(cap)"
        case .compression(let error): "compressing the batch failed: \(error)"
        case .unknownSigner(let sender): "no key is known for sender \(sender), whose signature the batch aggregates"
        case .signatureCount(let expected, let found):
            "the aggregate signature covers \(found) signatures, the blocks hold \(expected) transactions"
        }
    }
}

/// Why batch data was refused. A batch comes from outside (L1, a peer), so every case is a finding about the
/// data, with enough detail to cite.
public enum BatchDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes.
    case emptyInput
    /// More bytes than ``BatchLimits/maxDataBytes``.
    case dataOverCap(bytes: Int, cap: Int)
    /// A version this reader does not know.
    case unsupportedVersion(UInt8)
    /// The envelope (dictionary flag and hash) does not decode.
    case envelope(CodecError)
    /// The batch names a dictionary the reader was not given.
    case unknownDictionary(Hash)
    /// The zstd frame was refused (over the cap, corrupt, a dictionary id mismatch, trailing bytes...).
    case compression(ZstdError)
    /// The column section does not split into its columns (a length over what is left, bytes after the last).
    case section(CodecError)
    /// Column `column` is malformed or not canonical; the error's offset is inside that column.
    case column(String, CodecError)

    /// What was wrong, for a log line or a fraud-proof report.
    public var description: String {
        switch self {
        case .emptyInput: "empty batch data"
        case .dataOverCap(let bytes, let cap): "batch data of \(bytes) bytes, above the cap of \(cap)"
        case .unsupportedVersion(let version):
            "batch version \(version) is not supported (this reader knows version \(BatchFormat.version))"
        case .envelope(let error): "batch envelope: \(error)"
        case .unknownDictionary(let hash): "the batch needs dictionary \(hash), which was not given"
        case .compression(let error): "batch frame: \(error)"
        case .section(let error): "batch column section: \(error)"
        case .column(let name, let error): "batch column \(name): \(error)"
        }
    }
}
