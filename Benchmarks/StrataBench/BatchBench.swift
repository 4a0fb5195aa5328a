import Bridge
import Common
import Foundation
import L2Runtime

/// Batch size on the standard workload (``BatchStandardWorkload``: mostly access requests and execution
/// reports): compressed bytes per transaction of the columnar batch
/// against the same transactions encoded row by row (their canonical bytes, one after another) and compressed
/// with zstd level 3 as one blob. Target: the batch at most 0.75x the rows. The floor beside it: the 64-byte
/// BIP-340 signature every transaction carries, which no encoding removes.
func batchBenchmarks() -> [BenchResult] {
    var workload = BatchStandardWorkload(seed: 0xBA7C_4)
    var blocks: [Block] = []
    var blockBytes = 0
    while blockBytes < BatchAssembler.Policy.standard.targetBytes {
        let block = workload.nextBlock()
        blockBytes += block.canonicalBytes.count
        blocks.append(block)
    }
    let transactions = blocks.flatMap(\.transactions)
    let count = Double(transactions.count)
    let rows = transactions.flatMap(\.bytes)
    let rowBlob: [UInt8]
    let encoder = BatchEncoder()
    let decoder = BatchDecoder()
    let section: [UInt8]
    let contents: BatchContents
    do {
        rowBlob = try Zstd.compress(rows, level: 3)
        contents = try BatchContents(blocks: blocks, signer: workload.signerKey(of:))
        section = try encoder.columnSection(contents)
    } catch {
        preconditionFailure("batch benchmark setup failed: \(error)")
    }
    let rowsPerTx = Double(rowBlob.count) / count
    let common = [
        "workload":
            "standard mix: 45% requestExecution, 45% reportExecution (started/delivered of earlier requests), 5% transfer, 2% issueCredential, 2% joinZone, 1% cancelExecution",
        "ids": "100 zones, 1,000 resources (Zipf s=1.1), 20 engines; fresh params/evidence/claim hashes",
        "transactions": String(transactions.count), "blocks": String(blocks.count),
        "block_bytes": String(blockBytes),
        "senders": "10,000 accounts (Zipf s=1.1), 95% by index, 5% new keys by key",
        "signatures": "real BIP-340 signatures, one key per account; the batch carries their half-aggregate",
        "baseline": "same transactions' canonical bytes concatenated, zstd level 3, one frame",
        "threads": "1",
    ]
    var results: [BenchResult] = [
        BenchResult(
            name: "batch.bytes_per_tx.rows_zstd3", value: rounded(rowsPerTx), unit: "B/tx",
            conditions: common.merging(["uncompressed_bytes_per_tx": String(format: "%.2f", Double(rows.count) / count)]
            ) { $1 }),
        BenchResult(
            name: "batch.bytes_per_tx.floor_signatures", value: Double(SchnorrSignature.byteCount), unit: "B/tx",
            conditions: [
                "meaning": "the 64-byte signature per transaction: no encoding of separate signatures goes below it"
            ]),
        BenchResult(
            name: "batch.bytes_per_tx.floor_aggregate_signature", value: rounded(32 + 32 / count), unit: "B/tx",
            conditions: ["meaning": "the half-aggregate signature the batch carries: 32 bytes per transaction and 32"]),
    ]
    results += columnBreakdown(
        section, names: BatchFormat.columnNames(kinds: Set(transactions.map(\.transaction.kind))), transactions: count,
        common: common)
    for level in [3, 19] {
        let batch: EncodedBatch
        do {
            batch = try encoder.encode(contents, level: level)
            let decoded = try decoder.decode(batch.data)
            precondition(decoded == contents, "batch benchmark round trip failed")
        } catch {
            preconditionFailure("batch benchmark encoding failed: \(error)")
        }
        let perTx = Double(batch.byteCount) / count
        let ratio = perTx / rowsPerTx
        let conditions = common.merging([
            "level": String(level), "batch_bytes": String(batch.byteCount),
            "column_section_bytes_per_tx": String(format: "%.2f", Double(section.count) / count),
            "above_floor_columnar_vs_rows": String(format: "%.2f vs %.2f B/tx", perTx - 64, rowsPerTx - 64),
        ]) { $1 }
        results.append(
            BenchResult(
                name: "batch.bytes_per_tx.columnar_l\(level)", value: rounded(perTx), unit: "B/tx",
                conditions: conditions))
        results.append(
            BenchResult(
                name: "batch.ratio_to_rows_zstd3.columnar_l\(level)", value: (ratio * 1000).rounded() / 1000,
                unit: "ratio", conditions: conditions, target: "<= 0.75", meetsTarget: ratio <= 0.75))
        results.append(
            BenchResult(
                name: "batch.ratio_above_floor.columnar_l\(level)",
                value: (((perTx - 64) / (rowsPerTx - 64)) * 1000).rounded() / 1000, unit: "ratio",
                conditions: conditions.merging([
                    "meaning": "bytes per transaction above the 64-byte signature floor, batch over rows"
                ]) { $1 }))
        let encodeRate = measureRate(seconds: 0.5, batch: 1) { _ = try? encoder.encode(contents, level: level) }
        let decodeRate = measureRate(seconds: 0.5, batch: 1) { _ = try? decoder.decode(batch.data) }
        results.append(
            BenchResult(
                name: "batch.encode_tx_per_s.l\(level)", value: (encodeRate * count).rounded(), unit: "tx/s",
                conditions: conditions.merging(["includes": "column encoding and zstd"]) { $1 }))
        results.append(
            BenchResult(
                name: "batch.decode_tx_per_s.l\(level)", value: (decodeRate * count).rounded(), unit: "tx/s",
                conditions: conditions.merging(["includes": "zstd, column decoding, tx and header rebuild (txs roots)"])
                { $1 }))
    }
    // What a verifier pays to check the batch's signatures (keys resolved beforehand), against aggregating them.
    let aggregateRate = measureRate(seconds: 1, batch: 1) {
        _ = try? BatchContents(blocks: blocks, signer: workload.signerKey(of:))
    }
    var verified = false
    let verifyRate = measureRate(seconds: 2, batch: 1) {
        verified = contents.signatureVerifies(signer: workload.signerKey(of:))
    }
    precondition(verified, "the batch's aggregate signature verifies")
    results += [
        BenchResult(
            name: "batch.aggregate_signature_tx_per_s", value: (aggregateRate * count).rounded(), unit: "tx/s",
            conditions: common.merging(["includes": "signing digests, randomizer hashes, scalar sums"]) { $1 }),
        BenchResult(
            name: "batch.verify_signature_tx_per_s", value: (verifyRate * count).rounded(), unit: "tx/s",
            conditions: common.merging([
                "includes":
                    "signing digests, lifting every r and key, one point multiplication per signature and per distinct key"
            ]) { $1 }),
    ]
    return results
}

/// Where the bytes go: each column of the section compressed on its own at level 19, per transaction (the
/// sum is close to the batch, which compresses all columns in one frame). Sizes do not depend on the build.
private func columnBreakdown(
    _ section: [UInt8], names: [String], transactions count: Double, common: [String: String]
) -> [BenchResult] {
    var reader = ByteReader(section)
    var results: [BenchResult] = []
    for name in names {
        do {
            let column = try reader.readBytes(cap: section.count)
            let compressed = try Zstd.compress(column, level: 19)
            results.append(
                BenchResult(
                    name: "batch.column_bytes_per_tx.\(name.replacingOccurrences(of: " ", with: "_"))",
                    value: rounded(Double(compressed.count) / count),
                    unit: "B/tx",
                    conditions: common.merging([
                        "level": "19, this column alone",
                        "uncompressed_bytes_per_tx": String(format: "%.2f", Double(column.count) / count),
                    ]) { $1 }))
        } catch {
            preconditionFailure("batch benchmark: column \(name) does not split: \(error)")
        }
    }
    precondition(reader.isAtEnd, "batch benchmark: the column list does not match the format")
    return results
}

private func rounded(_ value: Double) -> Double {
    (value * 100).rounded() / 100
}
