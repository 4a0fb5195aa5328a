import Bridge
import Common

/// Training a zstd dictionary for batches on batches a sequencer already made, and measuring what it saves.
///
/// A dictionary pays off for small batches (a quiet rollup closes a batch by age, with few blocks in it): the
/// columns of the kinds, the zone and resource ids of a Data Space and the fixed parts of every header repeat
/// from batch to batch, and a dictionary lets even the first bytes of a frame refer to them.
public enum BatchDictionaryTraining {
    /// The fewest batches training takes: fewer make a dictionary that only knows those.
    public static let minimumSamples = 10

    /// What the held-out batches measured.
    public struct Report: Hashable, Sendable {
        /// Batches trained on.
        public var trainedOn: Int
        /// Batches held out (every fifth), compressed with and without the dictionary.
        public var heldOut: Int
        /// Their column sections' bytes, uncompressed.
        public var columnBytes: Int
        /// Their frames' bytes at the level, without the dictionary.
        public var plainBytes: Int
        /// Their frames' bytes at the level, with it.
        public var dictionaryBytes: Int

        /// With / without, on the held-out batches (below 1 when the dictionary helps).
        public var ratio: Double { plainBytes == 0 ? 1 : Double(dictionaryBytes) / Double(plainBytes) }
    }

    /// Why training did not give a dictionary.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Trains a dictionary of at most `maxByteCount` bytes on the column sections of `batches` (each decoded with
    /// `dictionaries` if it names one), holding every fifth batch out to measure it at zstd `level`.
    public static func train(
        batches: [EncodedBatch], dictionaries: [Hash: ZstdDictionary] = [:], maxByteCount: Int = 16 * 1024,
        level: Int = Zstd.defaultLevel
    ) throws -> (dictionary: ZstdDictionary, report: Report) {
        guard batches.count >= minimumSamples else {
            throw Failure(
                description: "training needs at least \(minimumSamples) batches, there are \(batches.count)")
        }
        let decoder = BatchDecoder()
        var training: [[UInt8]] = []
        var heldOut: [[UInt8]] = []
        for (position, batch) in batches.enumerated() {
            let columns: [UInt8]
            do {
                columns = try decoder.columnSection(batch, dictionaries: dictionaries)
            } catch {
                throw Failure(description: "batch \(position) of the samples does not decode: \(error)")
            }
            if position % 5 == 4 { heldOut.append(columns) } else { training.append(columns) }
        }
        let dictionary: ZstdDictionary
        do {
            dictionary = try ZstdDictionary.train(samples: training, maxByteCount: maxByteCount)
        } catch {
            throw Failure(description: "libzstd could not train on \(training.count) batches: \(error)")
        }
        let compressor = ZstdCompressor()
        var report = Report(
            trainedOn: training.count, heldOut: heldOut.count, columnBytes: 0, plainBytes: 0, dictionaryBytes: 0)
        for columns in heldOut {
            report.columnBytes += columns.count
            report.plainBytes += try compressor.compress(columns, level: level).count
            report.dictionaryBytes += try compressor.compress(columns, level: level, dictionary: dictionary).count
        }
        return (dictionary, report)
    }
}
