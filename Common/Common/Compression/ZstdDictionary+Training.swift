import CZstd

extension ZstdDictionary {
    /// The smallest dictionary size training accepts (libzstd's floor).
    public static let minTrainedByteCount = 256

    /// Trains a dictionary of at most `maxByteCount` bytes on `samples` (libzstd's `ZDICT_trainFromBuffer`).
    ///
    /// Each sample should look like one unit that will be compressed on its own (a record, a small batch).
    /// Training is deterministic: the same samples give the same bytes, hence the same id and hash.
    /// A rule of thumb is a few thousand samples totalling about 100 times `maxByteCount`.
    ///
    /// Throws ``ZstdError/trainingFailed(reason:)`` for a size outside
    /// ``minTrainedByteCount``...``maxByteCount``, for no samples, or when libzstd cannot train on them
    /// (too few or too small samples).
    public static func train(samples: [[UInt8]], maxByteCount: Int = 16 * 1024) throws(ZstdError) -> ZstdDictionary {
        guard (minTrainedByteCount...Self.maxByteCount).contains(maxByteCount) else {
            throw .trainingFailed(
                reason: "dictionary size \(maxByteCount) is outside \(minTrainedByteCount)...\(Self.maxByteCount)")
        }
        guard !samples.isEmpty else { throw .trainingFailed(reason: "no samples") }
        guard samples.count <= Int(UInt32.max) else { throw .trainingFailed(reason: "too many samples") }
        var joined = [UInt8]()
        joined.reserveCapacity(samples.reduce(0) { $0 + $1.count })
        for sample in samples { joined.append(contentsOf: sample) }
        let sizes = samples.map(\.count)

        var outcome = 0
        let dictionary = [UInt8](unsafeUninitializedCapacity: maxByteCount) { buffer, count in
            outcome = joined.withUnsafeBytes { joinedBytes in
                ZDICT_trainFromBuffer(
                    buffer.baseAddress, maxByteCount, joinedBytes.baseAddress, sizes, UInt32(samples.count))
            }
            count = ZDICT_isError(outcome) != 0 ? 0 : outcome
        }
        if ZDICT_isError(outcome) != 0 {
            let name = ZDICT_getErrorName(outcome).map { String(cString: $0) } ?? "error \(outcome)"
            throw .trainingFailed(
                reason: "\(name) (\(samples.count) samples, \(joined.count) bytes; "
                    + "give more samples, about 100 times the dictionary size)")
        }
        do {
            return try ZstdDictionary(bytes: dictionary)
        } catch {
            throw .trainingFailed(reason: "libzstd produced an unusable dictionary: \(error)")
        }
    }
}
