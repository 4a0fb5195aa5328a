import Bridge
import Common
import Foundation
import L2Runtime

/// Batch size on the standard transfer workload: compressed bytes per transaction of the columnar batch
/// against the same transactions encoded row by row (their canonical bytes, one after another) and compressed
/// with zstd level 3 as one blob. Target: the batch at most 0.75x the rows. The floor beside it: the 64-byte
/// BIP-340 signature every transaction carries, which no encoding removes.
func batchBenchmarks() -> [BenchResult] {
    var workload = TransferWorkload(seed: 0xBA7C_4)
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
    do {
        rowBlob = try Zstd.compress(rows, level: 3)
        section = try encoder.columnSection(blocks)
    } catch {
        preconditionFailure("batch benchmark setup failed: \(error)")
    }
    let rowsPerTx = Double(rowBlob.count) / count
    let common = [
        "workload": "transfers only (payload-field columns for the other 14 kinds come with their payload types)",
        "transactions": String(transactions.count), "blocks": String(blocks.count),
        "block_bytes": String(blockBytes),
        "senders": "10,000 accounts (Zipf s=1.1), 95% by index, 5% new keys by key",
        "recipients": "85% existing accounts (Zipf), 15% new addresses",
        "signatures": "random 64 bytes (as incompressible as real ones)",
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
            conditions: ["meaning": "the 64-byte signature per transaction: no encoding goes below it"]),
    ]
    results += columnBreakdown(section, transactions: count, common: common)
    for level in [3, 19] {
        let batch: EncodedBatch
        do {
            batch = try encoder.encode(blocks, level: level)
            let decoded = try decoder.decode(batch.data)
            precondition(decoded == blocks, "batch benchmark round trip failed")
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
        let encodeRate = measureRate(seconds: 0.5, batch: 1) { _ = try? encoder.encode(blocks, level: level) }
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
    return results
}

/// Where the bytes go: each column of the section compressed on its own at level 19, per transaction (the
/// sum is close to the batch, which compresses all columns in one frame). Sizes do not depend on the build.
private func columnBreakdown(_ section: [UInt8], transactions count: Double, common: [String: String]) -> [BenchResult]
{
    let names = [
        "blocks", "timestamps", "transaction_counts", "receipts_roots", "state_roots", "chain_ids",
        "chain_id_positions", "account_table", "senders", "nonces", "fees", "kinds", "transfer_raw",
        "transfer_recipient", "transfer_amount", "signatures",
    ]
    var reader = ByteReader(section)
    var results: [BenchResult] = []
    for name in names {
        do {
            let column = try reader.readBytes(cap: section.count)
            let compressed = try Zstd.compress(column, level: 19)
            results.append(
                BenchResult(
                    name: "batch.column_bytes_per_tx.\(name)", value: rounded(Double(compressed.count) / count),
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

/// The standard transfer workload: blocks every ~200 ms of 50 to 150 transfers on one chain.
private struct TransferWorkload {
    private var random: SplitMix64
    private let addresses: [Address]
    private let cumulativeWeights: [Double]
    private var nonces: [UInt64]
    private var number: UInt64 = 1
    private var parent = Hash.zero
    private var time: UInt64 = 1_760_000_000_000
    private static let chainID = "strata-l2-mainnet"

    init(seed: UInt64) {
        var pools = SplitMix64(seed: 0xACC0)
        addresses = (0..<10_000).map { _ in try! Address(bytes: pools.bytes(20)) }
        var total = 0.0
        cumulativeWeights = (1...10_000).map { rank in
            total += 1 / pow(Double(rank), 1.1)
            return total
        }
        nonces = [UInt64](repeating: 0, count: 10_000)
        random = SplitMix64(seed: seed)
    }

    private mutating func below(_ bound: UInt64) -> UInt64 { random.next() % bound }

    private mutating func account() -> Int {
        let target = Double(random.next() >> 11) / Double(1 << 53) * (cumulativeWeights.last ?? 1)
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func transaction() -> SignedTransaction {
        let sender: TransactionSender
        let nonce: UInt64
        if below(100) < 5 {
            let key = try! AccountPrivateKey(bytes: random.bytes(32))
            sender = .key(key.publicKey)
            nonce = 0
        } else {
            let index = account()
            sender = .index(AccountIndex(UInt64(index)))
            nonce = nonces[index]
            nonces[index] += 1
        }
        let recipient = below(100) < 85 ? addresses[account()] : try! Address(bytes: random.bytes(20))
        let amount =
            below(100) < 60
            ? UInt128(1 + below(1_000)) * [1_000, 10_000, 100_000, 1_000_000][Int(below(4))]
            : UInt128(1 + below(1_000_000_000))
        let fee: Amount = below(100) < 80 ? 250 : Amount(UInt128(250 * (2 + below(9))))
        let body = Transaction(
            chainID: Self.chainID, sender: sender, nonce: nonce, fee: fee, kind: .transfer,
            payload: TransferPayload(recipient: recipient, amount: Amount(amount)).canonicalBytes)
        return SignedTransaction(transaction: body, signature: try! SchnorrSignature(bytes: random.bytes(64)))
    }

    mutating func nextBlock() -> Block {
        let transactions = (0..<50 + Int(below(101))).map { _ in transaction() }
        time += 180 + below(41)
        let header = BlockHeader(
            number: number, parentHash: parent, timestampMillis: time, transactionCount: UInt32(transactions.count),
            txsRoot: Block.txsRoot(transactions), receiptsRoot: Hash(bytes: random.bytes(32))!,
            stateRoot: Hash(bytes: random.bytes(32))!)
        number += 1
        parent = header.hash
        return Block(header: header, transactions: transactions)
    }
}
