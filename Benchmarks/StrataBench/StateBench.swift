import Common
import Foundation

/// The provable state on disk: commit a block of writes into a large tree, generate and verify proofs.
///
/// Environment: `STRATA_BENCH_STATE_KEYS` (default 1,000,000), `STRATA_BENCH_BLOCK_WRITES` (10,000),
/// `STRATA_BENCH_DURABLE=0` (no fsync per commit), `STRATA_BENCH_COMMIT_ONLY=1` (print the commit times and
/// skip the proof figures), `STRATA_BENCH_SEAL_WRITES` (3,000: the writes of a sealed block, see below).
func stateBenchmarks() throws -> [BenchResult] {
    let environment = ProcessInfo.processInfo.environment
    let keys = environment["STRATA_BENCH_STATE_KEYS"].flatMap(Int.init) ?? 1_000_000
    let blockWrites = environment["STRATA_BENCH_BLOCK_WRITES"].flatMap(Int.init) ?? 10_000
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let durable = environment["STRATA_BENCH_DURABLE"] != "0"
    let tree = try StateTree(
        path: directory.appendingPathComponent("state.sqlite").path, options: .init(durable: durable))

    // Build the tree: keys are account-like records, 100 000 per commit.
    var generator = SplitMix64(seed: 1)
    func value() -> [UInt8] { generator.bytes(48) }
    func key(_ i: Int) -> Hash {
        StateKey(namespace: "bench/account", key: withUnsafeBytes(of: UInt64(i).bigEndian, Array.init)).path
    }
    var version: UInt64 = 0
    let (_, buildMs) = try measureMilliseconds {
        for start in stride(from: 0, to: keys, by: 100_000) {
            version += 1
            let writes = (start..<min(start + 100_000, keys)).map { StateWrite(path: key($0), value: value()) }
            try tree.commit(writes, version: version)
        }
    }
    FileManager.default.fputs("state: built \(keys) keys in \(Int(buildMs)) ms\n")

    // Blocks: half updates of existing keys, half new keys; median and worst of 10.
    var nextKey = keys
    func block(of count: Int) -> [StateWrite] {
        var writes: [StateWrite] = []
        for _ in 0..<count / 2 {
            writes.append(StateWrite(path: key(Int(generator.next() % UInt64(keys))), value: value()))
        }
        for _ in 0..<(count - count / 2) {
            writes.append(StateWrite(path: key(nextKey), value: value()))
            nextKey += 1
        }
        return writes
    }
    var commitTimes: [Double] = []
    for _ in 0..<10 {
        let writes = block(of: blockWrites)
        version += 1
        let (_, ms) = try measureMilliseconds { try tree.commit(writes, version: version) }
        commitTimes.append(ms)
    }
    commitTimes.sort()

    // A sequencer's seal needs the root before the block is stored and commits after: a dry run then a commit
    // (two walks), or a prepared commit then its write (one walk). Alternating blocks on the same tree, 10 each.
    let sealWrites = environment["STRATA_BENCH_SEAL_WRITES"].flatMap(Int.init) ?? 3_000
    let sealRootsDiffer = BenchFailure("the two seal paths disagree on a root")
    var twoWalks: [Double] = []
    var oneWalk: [Double] = []
    var walkOnly: [Double] = []  // the prepared path's walk (prepareCommit) alone
    for round in 0..<20 {
        let writes = block(of: sealWrites)
        version += 1
        if round % 2 == 0 {
            let (_, ms) = try measureMilliseconds {
                let root = try tree.rootApplying(writes)
                guard try tree.commit(writes, version: version) == root else { throw sealRootsDiffer }
            }
            twoWalks.append(ms)
        } else {
            let (prepared, walkMs) = try measureMilliseconds { try tree.prepareCommit(writes, version: version) }
            let (_, writeMs) = try measureMilliseconds {
                guard try tree.commit(prepared) == prepared.rootHash else { throw sealRootsDiffer }
            }
            oneWalk.append(walkMs + writeMs)
            walkOnly.append(walkMs)
        }
    }
    twoWalks.sort()
    oneWalk.sort()
    walkOnly.sort()
    FileManager.default.fputs(
        "state: seal root+commit, two walks \(twoWalks.map { Int($0) }), one \(oneWalk.map { Int($0) }), "
            + "of which the walk \(walkOnly.map { Int($0) })\n")

    if environment["STRATA_BENCH_COMMIT_ONLY"] != nil {
        FileManager.default.fputs("state: commits \(commitTimes.map { Int($0) })\n")
        return []
    }
    let medianCommit = commitTimes[commitTimes.count / 2]

    // Proofs against the latest root, for random existing keys.
    let root = try tree.rootHash()
    let probe = (0..<1000).map { _ in key(Int(generator.next() % UInt64(keys))) }
    var proofs: [StateProof] = []
    let proofGeneration = measureRate(batch: probe.count) {
        proofs = probe.map { (try? tree.proof(for: $0)) ?? StateProof(leaf: nil, siblings: []) }
    }
    var verified = 0
    let proofVerification = measureRate(batch: probe.count) {
        for (path, proof) in zip(probe, proofs) where (try? proof.verify(path: path, root: root)) != nil {
            verified += 1
        }
    }
    precondition(verified > 0, "proofs failed to verify")
    let proofBytes = proofs.map { $0.canonicalBytes.count }.reduce(0, +) / proofs.count

    // Multiproofs of 1,000 keys (a block's worth of reads).
    var multiproof = Multiproof(ops: [], leaves: [], hashes: [])
    let multiGeneration = measureRate(batch: 1) {
        multiproof = (try? tree.multiproof(for: probe.uniqued())) ?? multiproof
    }
    let multiVerification = measureRate(batch: 1) { _ = try? multiproof.verify(paths: probe.uniqued(), root: root) }

    let tree_ = "\(keys) keys, SQLite WAL, synchronous=FULL (fsync per commit)"
    /// The median of one seal path's blocks.
    func sealResult(_ name: String, _ times: [Double], _ path: String) -> BenchResult {
        BenchResult(
            name: "state.seal_root_then_commit_\(name)", value: times[times.count / 2].rounded(toPlaces: 1), unit: "ms",
            conditions: [
                "tree": tree_, "block": "\(sealWrites) writes (half updates, half inserts), 48 B values",
                "path": path, "statistic": "median of 10 blocks, the two seal paths alternating on the same tree",
            ])
    }
    return [
        BenchResult(
            name: "state.commit_block", value: medianCommit.rounded(toPlaces: 1), unit: "ms",
            conditions: [
                "tree": tree_, "block": "\(blockWrites) writes (half updates, half inserts), 48 B values",
                "statistic": "median of 10 blocks; worst \(commitTimes.last!.rounded(toPlaces: 1)) ms",
                "includes": "sort, hashing, root, node encoding, SQLite inserts, commit + fsync",
            ],
            target: "< 200", meetsTarget: medianCommit < 200),
        sealResult(
            "two_walks", twoWalks, "rootApplying (dry-run walk), then commit(writes:version:) (walks again, writes)"),
        sealResult(
            "prepared", oneWalk,
            "prepareCommit (one walk, root known), then commit(prepared) (writes only); the walk alone: median "
                + "\(walkOnly[walkOnly.count / 2].rounded(toPlaces: 1)) ms"),
        BenchResult(
            name: "state.build", value: (Double(keys) / (buildMs / 1000)).rounded(), unit: "writes/s",
            conditions: ["tree": tree_, "batch": "100,000 inserts per commit"]),
        BenchResult(
            name: "state.proof_generation", value: proofGeneration.rounded(), unit: "proofs/s",
            conditions: ["tree": tree_, "threads": "1", "node cache": "warm"]),
        BenchResult(
            name: "state.proof_verification", value: proofVerification.rounded(), unit: "proofs/s",
            conditions: ["tree": tree_, "threads": "1", "mean proof size": "\(proofBytes) B"],
            target: ">= 100000", meetsTarget: proofVerification >= 100_000),
        BenchResult(
            name: "state.multiproof_generation", value: multiGeneration.rounded(toPlaces: 1), unit: "multiproofs/s",
            conditions: [
                "tree": tree_, "paths": "1,000 random existing keys",
                "size": "\(multiproof.canonicalBytes.count) B",
            ]),
        BenchResult(
            name: "state.multiproof_verification", value: multiVerification.rounded(toPlaces: 1), unit: "multiproofs/s",
            conditions: ["tree": tree_, "paths": "1,000 random existing keys"]),
    ]
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}

extension Array where Element == Hash {
    func uniqued() -> [Hash] { Array(Set(self)) }
}

extension FileManager {
    func fputs(_ line: String) { FileHandle.standardError.write(Data(line.utf8)) }
}
