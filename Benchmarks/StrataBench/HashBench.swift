import Common

/// BLAKE2b throughput on 64-byte inputs (a Merkle node) and on 1 MiB inputs.
func hashBenchmarks() -> [BenchResult] {
    let node = Hash.blake2b(Array("left".utf8))
    var sink = Hash.zero
    let perSecond = measureRate(batch: 10_000) {
        for _ in 0..<10_000 { sink = Hash.blake2b(prefix: 1, sink, node) }
    }
    let big = [UInt8](repeating: 0xA5, count: 1 << 20)
    let mibPerSecond = measureRate(batch: 1) { sink = Hash.blake2b(big) }
    precondition(sink != .zero)
    return [
        BenchResult(
            name: "hash.blake2b_node", value: perSecond.rounded(), unit: "hashes/s",
            conditions: ["input": "65 B (prefix + two hashes)", "threads": "1"]),
        BenchResult(
            name: "hash.blake2b_throughput", value: (mibPerSecond * 1.048576).rounded(), unit: "MB/s",
            conditions: ["input": "1 MiB buffers", "threads": "1"]),
    ]
}
