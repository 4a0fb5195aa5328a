import Common
import Foundation

/// zstd on realistic L2 transaction records: ratio, compress and decompress throughput at levels
/// 1/3/9/19, with and without a trained dictionary, on batches of 100 records and on 1 MiB batches.
///
/// Ceilings measured in the same run: the ratio if every non-random byte compressed to nothing
/// (signatures and hashes are incompressible), and memcpy throughput on the same 1 MiB.
func compressionBenchmarks() -> [BenchResult] {
    let smallBatchRecords = 100
    let smallBatchCount = 50
    let dictionaryByteCount = 32 * 1024
    let trainingRecordCount = 10_000

    // Separate seeds: the dictionary never sees the records it is measured on.
    var training = TransactionRecordGenerator(seed: 0xD1C7)
    let samples = (0..<trainingRecordCount).map { _ in training.next() }
    let dictionary: ZstdDictionary
    do {
        dictionary = try ZstdDictionary.train(samples: samples, maxByteCount: dictionaryByteCount)
    } catch {
        preconditionFailure("dictionary training failed on benchmark records: \(error)")
    }

    var generator = TransactionRecordGenerator(seed: 0xBA7C)
    var large = [UInt8]()
    var largeRecords = 0
    while large.count < 1 << 20 {
        large += generator.next()
        largeRecords += 1
    }
    let largeRandomFraction = Double(generator.randomByteCount) / Double(generator.byteCount)
    var small = TransactionRecordGenerator(seed: 0x5A11)
    let smallBatches = (0..<smallBatchCount).map { _ in
        (0..<smallBatchRecords).reduce(into: [UInt8]()) { batch, _ in batch += small.next() }
    }
    let smallBytes = smallBatches.reduce(0) { $0 + $1.count }
    let smallRandomFraction = Double(small.randomByteCount) / Double(small.byteCount)

    let dictionaryCondition = "\(dictionary.bytes.count) B trained on \(trainingRecordCount) separate records"
    let common = [
        "threads": "1", "layout": "binary rows (kind, sender, nonce, fee, timestamp, payload, signature)",
        "throughput_basis": "uncompressed bytes per second",
        "accounts": "1000 (Zipf s=1.1)", "api": "Zstd compressor/decompressor with a cap, contexts reused",
    ]
    var results: [BenchResult] = []
    results.append(
        BenchResult(
            name: "compression.ceiling.ratio_1mib", value: rounded(1 / largeRandomFraction), unit: "ratio",
            conditions: common.merging([
                "batch": "1 MiB (\(largeRecords) records)",
                "meaning": "input over its uniformly random bytes (signatures, params and result hashes)",
            ]) { $1 }))
    results.append(
        BenchResult(
            name: "compression.ceiling.ratio_100_records", value: rounded(1 / smallRandomFraction), unit: "ratio",
            conditions: common.merging([
                "batch": "\(smallBatchRecords) records (\(smallBytes / smallBatchCount) B on average)",
                "meaning": "input over its uniformly random bytes (signatures, params and result hashes)",
            ]) { $1 }))
    var copy = [UInt8](repeating: 0, count: large.count)
    let memcpyRate = measureRate(seconds: 0.5, batch: 1) {
        copy.withUnsafeMutableBytes { out in large.withUnsafeBytes { out.copyMemory(from: $0) } }
    }
    precondition(copy == large)
    results.append(
        BenchResult(
            name: "compression.ceiling.memcpy_1mib", value: rounded(memcpyRate * Double(large.count) / 1e6),
            unit: "MB/s", conditions: common.merging(["batch": "1 MiB"]) { $1 }))

    let compressor = ZstdCompressor()
    let decompressor = ZstdDecompressor()
    let shapes: [(key: String, batches: [[UInt8]], label: String)] = [
        ("100_records", smallBatches, "\(smallBatchRecords) records (\(smallBytes / smallBatchCount) B on average)"),
        ("1mib", [large], "1 MiB (\(largeRecords) records)"),
    ]
    for level in [1, 3, 9, 19] {
        for shape in shapes {
            for withDictionary in [false, true] {
                let used = withDictionary ? dictionary : nil
                let inputBytes = shape.batches.reduce(0) { $0 + $1.count }
                let frames = shape.batches.map { batch in
                    compressOrDie(compressor, batch, level: level, dictionary: used)
                }
                for (batch, frame) in zip(shape.batches, frames) {
                    let back = decompressOrDie(decompressor, frame, cap: batch.count, dictionary: used)
                    precondition(back == batch, "benchmark round trip failed")
                }
                let frameBytes = frames.reduce(0) { $0 + $1.count }
                let compressRate = measureRate(seconds: 0.5, batch: 1) {
                    for batch in shape.batches {
                        _ = compressOrDie(compressor, batch, level: level, dictionary: used)
                    }
                }
                let decompressRate = measureRate(seconds: 0.5, batch: 1) {
                    for (batch, frame) in zip(shape.batches, frames) {
                        _ = decompressOrDie(decompressor, frame, cap: batch.count, dictionary: used)
                    }
                }
                let suffix = "\(shape.key)_l\(level)_\(withDictionary ? "dict" : "nodict")"
                let conditions = common.merging([
                    "batch": shape.label, "batches": String(shape.batches.count), "level": String(level),
                    "dictionary": withDictionary ? dictionaryCondition : "none",
                    "input_bytes": String(inputBytes),
                ]) { $1 }
                results.append(
                    BenchResult(
                        name: "compression.ratio.\(suffix)", value: rounded(Double(inputBytes) / Double(frameBytes)),
                        unit: "ratio", conditions: conditions))
                results.append(
                    BenchResult(
                        name: "compression.compress.\(suffix)",
                        value: rounded(compressRate * Double(inputBytes) / 1e6), unit: "MB/s", conditions: conditions))
                results.append(
                    BenchResult(
                        name: "compression.decompress.\(suffix)",
                        value: rounded(decompressRate * Double(inputBytes) / 1e6), unit: "MB/s",
                        conditions: conditions))
            }
        }
    }
    return results
}

private func rounded(_ value: Double) -> Double {
    (value * 100).rounded() / 100
}

private func compressOrDie(
    _ compressor: ZstdCompressor, _ batch: [UInt8], level: Int, dictionary: ZstdDictionary?
) -> [UInt8] {
    do {
        return try compressor.compress(batch, level: level, dictionary: dictionary)
    } catch {
        preconditionFailure("benchmark compression failed: \(error)")
    }
}

private func decompressOrDie(
    _ decompressor: ZstdDecompressor, _ frame: [UInt8], cap: Int, dictionary: ZstdDictionary?
) -> [UInt8] {
    do {
        return try decompressor.decompress(frame, maxOutputBytes: cap, dictionary: dictionary)
    } catch {
        preconditionFailure("benchmark decompression failed: \(error)")
    }
}

/// Deterministic L2-like transaction records in a compact binary row form, from a seed.
///
/// A row: kind byte (mostly access requests and execution reports), 32-byte sender from a pool of 1,000
/// accounts with Zipf-like reuse, nonce varint (per sender, increasing), fee varint, timestamp (8 bytes,
/// milliseconds, increasing), a payload with 32-byte zone and resource ids from small pools and a random
/// 32-byte params hash, then a random 64-byte signature.
private struct TransactionRecordGenerator {
    private var random: SplitMix64
    private let accounts: [[UInt8]]
    private let zones: [[UInt8]]
    private let resources: [[UInt8]]
    private let engines: [[UInt8]]
    private let accountCumulativeWeights: [Double]
    private var nonces: [UInt64]
    private var timestamp: UInt64 = 1_760_000_000_000
    /// Bytes produced so far.
    private(set) var byteCount = 0
    /// Of those, bytes drawn uniformly at random (hashes and signatures), which no compressor can shrink.
    private(set) var randomByteCount = 0

    init(seed: UInt64) {
        // The pools are the same for every seed (one chain); only the stream of records differs.
        var pools = SplitMix64(seed: 0x5747_A7A0)
        accounts = (0..<1_000).map { _ in pools.bytes(32) }
        zones = (0..<16).map { _ in pools.bytes(32) }
        resources = (0..<256).map { _ in pools.bytes(32) }
        engines = (0..<8).map { _ in pools.bytes(32) }
        var total = 0.0
        accountCumulativeWeights = (1...1_000).map { rank in
            total += 1 / pow(Double(rank), 1.1)
            return total
        }
        nonces = [UInt64](repeating: 0, count: 1_000)
        random = SplitMix64(seed: seed)
    }

    private mutating func account() -> Int {
        let target = Double(random.next() >> 11) / Double(1 << 53) * (accountCumulativeWeights.last ?? 1)
        var low = 0
        var high = accountCumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if accountCumulativeWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func randomBytes(_ count: Int) -> [UInt8] {
        randomByteCount += count
        return random.bytes(count)
    }

    private mutating func below(_ bound: UInt64) -> UInt64 {
        random.next() % bound
    }

    mutating func next() -> [UInt8] {
        var row = ByteWriter(capacity: 256)
        let roll = below(100)
        let kind: UInt8 = roll < 55 ? 1 : roll < 90 ? 2 : roll < 97 ? 3 : 4  // access, report, transfer, register
        let sender = account()
        nonces[sender] += 1
        timestamp += 1 + below(40)
        row.write(kind)
        row.writeRaw(accounts[sender])
        row.writeVarint(nonces[sender])
        row.writeVarint(250 * (1 + below(40)))
        row.writeFixed(timestamp)
        let zone = zones[Int(below(UInt64(zones.count)))]
        switch kind {
        case 1:  // access request: zone, resource, purpose, duration, params hash
            row.writeRaw(zone)
            row.writeRaw(resources[Int(below(UInt64(resources.count)))])
            row.write(UInt8(below(4)))
            row.writeVarint(3_600 * (1 + below(24)))
            row.writeRaw(randomBytes(32))
        case 2:  // execution report: zone, engine, order, status, started, gas, params and result hashes
            row.writeRaw(zone)
            row.writeRaw(engines[Int(below(UInt64(engines.count)))])
            row.writeVarint(below(1_000_000))
            row.write(below(10) == 0 ? UInt8(1) : UInt8(0))
            row.writeFixed(timestamp - below(600_000))
            row.writeVarint(10_000 + below(5_000_000))
            row.writeRaw(randomBytes(32))
            row.writeRaw(randomBytes(32))
        case 3:  // transfer: recipient, amount
            row.writeRaw(accounts[account()])
            row.writeVarint(below(1_000_000_000))
        default:  // resource registration: zone, resource, kind, params (metadata) hash
            row.writeRaw(zone)
            row.writeRaw(resources[Int(below(UInt64(resources.count)))])
            row.write(UInt8(below(6)))
            row.writeRaw(randomBytes(32))
        }
        row.writeRaw(randomBytes(64))
        byteCount += row.bytes.count
        return row.bytes
    }
}
