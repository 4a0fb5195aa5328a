import Bridge
import Common
import Foundation

/// A sink that writes each batch into a directory: `batch-<index>.data` (the batch bytes) then
/// `batch-<index>.commitment` (its canonical commitment), each durably; the commitment file is written last,
/// so its presence means the batch was accepted. Until the L1 settlement client lands, this is how a
/// sequencer keeps what it would post.
public actor FileBatchSink: BatchSink {
    /// The directory.
    public let directory: URL
    private var last: BatchCommitment?
    /// Where the files are written and fsynced: off the cooperative pool, whose threads a slow fsync (tens of
    /// milliseconds on a busy disk) would otherwise hold from the sequencer's ingest.
    private let io = WorkerThread()
    /// The last submission, which the next one waits for.
    private var inFlight: Task<Void, any Error>?

    /// Opens (creating it if needed) the sink in `directory` and reads its last accepted commitment.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        if let highest = try Self.storedIndices(directory).last {
            guard let bytes = try AtomicFile.read(Self.commitmentURL(directory, highest).path) else {
                throw BatchSinkError.storage("batch \(highest)'s commitment vanished")
            }
            do {
                last = try BatchCommitment(canonicalBytes: bytes)
            } catch {
                throw BatchSinkError.storage("batch \(highest)'s commitment does not decode: \(error)")
            }
        }
    }

    /// Writes `batch` and its commitment if the commitment follows the last one; a repeat is a no-op.
    /// Submissions run one after the other, in the order they arrive, even while one waits for its writes.
    public func submit(_ batch: EncodedBatch, commitment: BatchCommitment) async throws {
        let previous = inFlight
        let submission = Task {
            _ = await previous?.result
            try await self.write(batch, commitment: commitment)
        }
        inFlight = submission
        try await submission.value
    }

    private func write(_ batch: EncodedBatch, commitment: BatchCommitment) async throws {
        if try Self.checkOrder(commitment, batch: batch, after: last) { return }
        let (data, bytes) = (batch.data, commitment.canonicalBytes)
        let (dataURL, commitmentURL) = (
            Self.dataURL(directory, commitment.batchIndex), Self.commitmentURL(directory, commitment.batchIndex)
        )
        try await io.run {
            try AtomicFile.write(data, to: dataURL.path, mode: 0o644)
            try AtomicFile.write(bytes, to: commitmentURL.path, mode: 0o644)
        }
        last = commitment
    }

    /// The last accepted commitment.
    public func lastCommitment() async throws -> BatchCommitment? { last }

    /// Keeps a copy of `dictionary` beside the batches, as `dictionary-<hash>.zdict`, so a reader of the directory
    /// finds every dictionary a batch names (on L1 the settlement module will register it by hash). Written
    /// durably before the first batch that uses it; an existing copy is left as it is.
    public func store(_ dictionary: ZstdDictionary) async throws {
        let url = Self.dictionaryURL(directory, dictionary.hash)
        guard try AtomicFile.read(url.path) == nil else { return }
        let bytes = dictionary.bytes
        try await io.run { try AtomicFile.write(bytes, to: url.path, mode: 0o644) }
    }

    /// The dictionaries kept in `directory`; a file whose bytes are not a dictionary or do not hash to its name
    /// is an error.
    public static func storedDictionaries(_ directory: URL) throws -> [ZstdDictionary] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.filter { $0.hasPrefix("dictionary-") && $0.hasSuffix(".zdict") }.map { name in
            guard let bytes = try AtomicFile.read(directory.appendingPathComponent(name).path) else {
                throw BatchSinkError.storage("\(name) vanished")
            }
            let dictionary = try ZstdDictionary(bytes: bytes)
            guard name == dictionaryURL(directory, dictionary.hash).lastPathComponent else {
                throw BatchSinkError.storage("\(name) holds the dictionary \(dictionary.hash), not the one it names")
            }
            return dictionary
        }
    }

    static func dictionaryURL(_ directory: URL, _ hash: Hash) -> URL {
        directory.appendingPathComponent("dictionary-\(hash).zdict")
    }

    /// The indices of the batches stored in `directory` (those with a commitment file), ascending.
    public static func storedIndices(_ directory: URL) throws -> [UInt64] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return names.compactMap { name -> UInt64? in
            guard name.hasPrefix("batch-"), name.hasSuffix(".commitment") else { return nil }
            return UInt64(name.dropFirst("batch-".count).dropLast(".commitment".count))
        }.sorted()
    }

    /// The batch data and commitment stored under `index` in `directory`, or `nil`.
    public static func stored(
        index: UInt64, in directory: URL
    ) throws -> (batch: EncodedBatch, commitment: BatchCommitment)? {
        guard let commitmentBytes = try AtomicFile.read(commitmentURL(directory, index).path),
            let data = try AtomicFile.read(dataURL(directory, index).path)
        else { return nil }
        return (try EncodedBatch(data: data), try BatchCommitment(canonicalBytes: commitmentBytes))
    }

    /// The batch data and commitment stored under `index`, or `nil`.
    public func stored(index: UInt64) throws -> (batch: EncodedBatch, commitment: BatchCommitment)? {
        try Self.stored(index: index, in: directory)
    }

    static func dataURL(_ directory: URL, _ index: UInt64) -> URL {
        directory.appendingPathComponent("batch-\(padded(index)).data")
    }

    static func commitmentURL(_ directory: URL, _ index: UInt64) -> URL {
        directory.appendingPathComponent("batch-\(padded(index)).commitment")
    }

    private static func padded(_ index: UInt64) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
