import Bridge
import Common
import Foundation

/// What the batcher keeps on disk so that it never submits a batch twice or skips one after a restart: the
/// last batch the sink accepted, and the batch it is submitting (written before the submission starts).
struct BatcherProgress: Equatable, Sendable {
    /// The last batch the sink accepted.
    var last: BatchCommitment?
    /// The batch being submitted, if the batcher stopped before it knew the outcome.
    var pending: (batch: EncodedBatch, commitment: BatchCommitment)?

    static func == (lhs: BatcherProgress, rhs: BatcherProgress) -> Bool {
        lhs.last == rhs.last && lhs.pending?.batch == rhs.pending?.batch
            && lhs.pending?.commitment == rhs.pending?.commitment
    }

    /// `optional<commitment> last || optional<commitment || bytes(batch data)> pending`.
    var bytes: [UInt8] {
        var writer = ByteWriter()
        writer.writeOptional(last)
        if let pending {
            writer.write(UInt8(1))
            writer.write(pending.commitment)
            writer.writeBytes(pending.batch.data)
        } else {
            writer.write(UInt8(0))
        }
        return writer.bytes
    }

    init(last: BatchCommitment?, pending: (batch: EncodedBatch, commitment: BatchCommitment)?) {
        self.last = last
        self.pending = pending
    }

    init(bytes: [UInt8], limits: BatchLimits) throws {
        var reader = ByteReader(bytes)
        last = try reader.readOptional(BatchCommitment.self)
        if try reader.readBool("pending flag") {
            let commitment = try reader.read(BatchCommitment.self)
            let data = try reader.readBytes(cap: limits.maxDataBytes, "pending batch")
            pending = (try EncodedBatch(data: data, limits: limits), commitment)
        } else {
            pending = nil
        }
        try reader.expectEnd()
    }

    /// The progress file in `directory`.
    static func url(in directory: URL) -> URL {
        directory.appendingPathComponent("batcher-progress")
    }

    /// Reads the progress file (none means a fresh batcher).
    static func load(from directory: URL, limits: BatchLimits) throws -> BatcherProgress {
        guard let bytes = try AtomicFile.read(url(in: directory).path) else {
            return BatcherProgress(last: nil, pending: nil)
        }
        return try BatcherProgress(bytes: bytes, limits: limits)
    }

    /// Writes the progress file durably.
    func save(to directory: URL) throws {
        try AtomicFile.write(bytes, to: Self.url(in: directory).path, mode: 0o644)
    }
}
