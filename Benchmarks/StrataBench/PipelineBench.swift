import Bridge
import Common
import Foundation
import L2Node
import L2Runtime
import L2Workload
import Logging
import Synchronization

/// The L2 sequencer pipeline in one process, against the ceiling measured in the same run:
///
/// - `pipeline.schnorr_verify_all_cores`: BIP-340 verifies/s on every core (the ceiling, item 8 (a)).
/// - `pipeline.in_process_tps`: the standard mix submitted as bytes to a `Sequencer` on a real directory:
///   decode, signature checks on every core, execution in the open block, the group-committed fsynced log,
///   sealing (roots, block store, state commit) and the batcher (column encode, zstd, the read-back check, the
///   file sink) until every block is in a batch (item 8 (b)).
/// - `pipeline.*_confirmation_p50` / `_p99`: request to signed confirmation at saturation (closed loop, as
///   many requests in flight as submitters), and `pipeline.*_paced_confirmation_*` at a steady offered load of
///   `STRATA_BENCH_PIPELINE_PACED_PERCENT` (default 50) of the maximum just measured, in requests of
///   `..._PACED_REQUEST` (default 16) transactions (item 8 (d); see ``submitPaced``). `..._PACED_RATE` offers
///   that many transactions per second instead, in both paced phases: the same load for two builds compared.
///
/// Chunks of the workload are submitted with a barrier between them (reports name orders from earlier
/// chunks); inside a chunk, concurrent submitters send requests of `STRATA_BENCH_PIPELINE_REQUEST` transactions.
///
/// Environment: `STRATA_BENCH_PIPELINE_TXS` (measured transactions, default 40,000), `..._CHUNK` (default
/// 4,000), `..._SUBMITTERS` (default 8), `..._REQUEST` (default 64), `..._VERIFY_BATCHES` (`0`: the batcher
/// does not verify each batch's aggregate signature before submitting it; default on, as in `l2d`).
func pipelineBenchmarks() async throws -> [BenchResult] {
    let environment = ProcessInfo.processInfo.environment
    func setting(_ name: String, _ fallback: Int) -> Int {
        environment["STRATA_BENCH_PIPELINE_\(name)"].flatMap(Int.init) ?? fallback
    }
    let total = setting("TXS", 40_000)
    let chunkSize = setting("CHUNK", 4_000)
    let submitters = setting("SUBMITTERS", 8)
    let perRequest = setting("REQUEST", 64)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let load = loadAverage()

    // (a) The ceiling: Schnorr verifies on every core.
    let ceiling = schnorrVerifyRateAllCores(cores: cores)
    FileManager.default.fputs("pipeline: schnorr verify on \(cores) cores \(Int(ceiling))/s\n")

    // (b) The pipeline.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-pipeline-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var workload = Workload()
    let genesis = RollupGenesis(
        chainID: Workload.chainID, minimumFee: 1, genesisTimeMillis: Workload.genesisTime,
        accounts: workload.genesis.accounts.map {
            .init(address: $0.address, publicKey: $0.publicKey, balance: $0.balance)
        },
        programs: workload.genesis.programs)
    // The workload's deadlines count from its genesis time: the sequencer's clock starts there.
    let origin = ContinuousClock.now
    let clock: @Sendable () -> UInt64 = {
        let elapsed = ContinuousClock.now - origin
        return Workload.genesisTime + 1_000 + UInt64(elapsed.components.seconds) * 1_000
            + UInt64(elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
    var logger = Logger(label: "strata.bench.pipeline")
    // `STRATA_BENCH_PIPELINE_LOG=info` shows every sealed block with its seal, store and commit times.
    logger.logLevel = environment["STRATA_BENCH_PIPELINE_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    let configuration = SequencerConfiguration(blockIntervalMillis: UInt64(setting("BLOCK_MS", 200)))
    let sequencer = try Sequencer(
        storage: .directory(directory.path), genesis: genesis, key: AccountPrivateKey(), configuration: configuration,
        clock: clock, logger: logger)
    let timer = Task { await sequencer.run() }
    defer { timer.cancel() }
    let sink = try FileBatchSink(directory: directory.appendingPathComponent("batches"))
    let batcher = try await Batcher.open(
        configuration: Batcher.Configuration(
            rollupID: Workload.chainID,
            verifiesSignatures: environment["STRATA_BENCH_PIPELINE_VERIFY_BATCHES"] != "0"),
        sink: sink,
        directory: directory.appendingPathComponent("batcher"), signer: { try sequencer.signerKey(of: $0) },
        verified: sequencer.verifiedSignatures, clock: clock)
    let feed = BatchFeed(
        blocks: sequencer.blocks, batcher: batcher,
        metrics: BatcherMetrics(registry: sequencer.metrics.registry), logger: logger,
        committedThrough: { sequencer.committedTip.number })

    // Setup (not measured): zones, datasets, engines, in order; then open orders so that reports find some.
    for block in workload.setupBlocks(size: 2_000) {
        _ = try await submitChunk(block.map(\.bytes), to: sequencer, submitters: 1, perRequest: block.count)
    }
    let warmup =
        workload.block(of: .requestExecution, count: chunkSize / 2) + workload.block(mix: .standard, count: chunkSize)
    _ = try await submitChunk(warmup.map(\.bytes), to: sequencer, submitters: 1, perRequest: warmup.count)
    try await sequencer.sealNow()
    try await feed.finish()

    /// The measured chunks, generated and encoded beforehand.
    func makeChunks() -> [[[UInt8]]] {
        var chunks: [[[UInt8]]] = []
        while chunks.count * chunkSize < total {
            chunks.append(workload.block(mix: .standard, count: chunkSize).map(\.bytes))
        }
        return chunks
    }

    // (b) and (d): in process.
    let inProcess = try await measurePhase(
        "in process", makeChunks(), sequencer: sequencer, feed: feed, sink: sink
    ) { chunk in
        try await submitChunk(chunk, to: sequencer, submitters: submitters, perRequest: perRequest)
    }

    // (c) and (d): the same through the binary HTTP endpoint, from clients in this process. (Cancelling the
    // server at the end makes Hummingbird log errors: its logger only speaks of critical ones.)
    var quiet = logger
    quiet.logLevel = .critical
    let server = SequencerHTTPServer(
        sequencer: sequencer,
        configuration: SequencerHTTPConfiguration(host: "127.0.0.1", port: 0, maxBatchTransactions: 4_096),
        logger: quiet)
    let bound = Mutex<Int?>(nil)
    let application = server.makeApplication { port in bound.withLock { $0 = port } }
    let serving = Task { try await application.runService() }
    defer { serving.cancel() }
    var port: Int?
    for _ in 0..<500 where port == nil {
        try await Task.sleep(for: .milliseconds(10))
        port = bound.withLock { $0 }
    }
    guard let port else { throw BenchFailure("the HTTP server did not start") }
    var clients: [BenchHTTPClient] = []
    for _ in 0..<submitters { clients.append(try await BenchHTTPClient(host: "127.0.0.1", port: port)) }
    let overHTTP = try await measurePhase(
        "binary HTTP", makeChunks(), sequencer: sequencer, feed: feed, sink: sink
    ) { chunk in
        try await submitChunkOverHTTP(chunk, clients: clients, perRequest: perRequest)
    }

    // (d) Latency at a steady offered load below the maxima just measured (open loop, see `submitPaced`).
    let pacedRequest = setting("PACED_REQUEST", 16)
    let fraction = Double(setting("PACED_PERCENT", 50)) / 100
    let fixedRate = environment["STRATA_BENCH_PIPELINE_PACED_RATE"].flatMap(Double.init)
    let inProcessRate = fixedRate ?? fraction * inProcess.tps
    let pacedInProcess = try await measurePhase(
        "in process, paced at \(Int(inProcessRate)) tx/s", makeChunks(), sequencer: sequencer, feed: feed, sink: sink
    ) { chunk in
        try await submitPaced(chunk, perRequest: pacedRequest, transactionsPerSecond: inProcessRate) { request in
            try checkConfirmed(await sequencer.process(request))
        }
    }
    for _ in clients.count..<submitters * 4 { clients.append(try await BenchHTTPClient(host: "127.0.0.1", port: port)) }
    let pool = BenchClientPool(clients)
    let httpRate = fixedRate ?? fraction * overHTTP.tps
    let pacedHTTP = try await measurePhase(
        "binary HTTP, paced at \(Int(httpRate)) tx/s", makeChunks(), sequencer: sequencer, feed: feed, sink: sink
    ) { chunk in
        try await submitPaced(chunk, perRequest: pacedRequest, transactionsPerSecond: httpRate) { request in
            try checkHTTPAnswer(
                try await pool.post("/v1/txs/binary", body: BinaryBatch.join(request)), count: request.count)
        }
    }
    for client in clients { await client.close() }

    var conditions = [
        "build": "release", "cores": "\(cores) (signature checks on all; the sequencer actor on one at a time)",
        "workload": "L2Workload standard mix (\(mixDescription)), 10,000 accounts, 100 zones, 1,000 datasets",
        "chunks": "\(chunkSize) transactions each, a barrier between chunks (reports name orders of earlier chunks)",
        "storage": "a temporary directory: fsynced group-commit log, state and block SQLite",
        "sequencer": "block_interval_ms \(configuration.blockIntervalMillis), "
            + "max_block_txs \(configuration.maxBlockTransactions)",
        "batcher": "standard policy (1 MiB target), file sink; the clock stops once every block is batched",
        "ceiling_verifies_per_s_all_cores": "\(Int(ceiling))",
        "load_average_at_start": load,
    ]
    func phaseConditions(_ phase: PhaseResult, _ how: String) -> [String: String] {
        conditions["submitters"] = how
        conditions["transactions"] = "\(phase.transactions) in \(phase.blocks) blocks, \(phase.failed) failed receipts"
        conditions["batch_bytes"] = "\(phase.batchBytes) (\(phase.batchBytes / max(phase.transactions, 1)) B/tx)"
        return conditions
    }
    let inProcessConditions = phaseConditions(
        inProcess,
        "closed loop at saturation: \(submitters) concurrent tasks, \(perRequest) transactions per "
            + "Sequencer.process call (\(submitters * perRequest) transactions in flight)")
    func share(_ rate: Double, of maximum: Double) -> String { "\(Int((100 * rate / max(maximum, 1)).rounded()))%" }
    let pacedInProcessConditions = phaseConditions(
        pacedInProcess,
        "open loop: \(pacedRequest) transactions per Sequencer.process call, offered at \(Int(inProcessRate)) tx/s "
            + "(\(share(inProcessRate, of: inProcess.tps)) of the in-process maximum), latency from each request's due "
            + "time")
    let pacedHTTPConditions = phaseConditions(
        pacedHTTP,
        "open loop: \(pacedRequest) transactions per POST /v1/txs/binary on \(clients.count) keep-alive connections, "
            + "offered at \(Int(httpRate)) tx/s (\(share(httpRate, of: overHTTP.tps)) of the HTTP maximum), latency "
            + "from each request's due time (waiting for a free connection included)")
    let httpConditions = phaseConditions(
        overHTTP,
        "\(submitters) keep-alive connections (SwiftNIO HTTP/1.1 clients in the same process), "
            + "\(perRequest) transactions per POST /v1/txs/binary, binary answers; closed loop at saturation "
            + "(\(submitters * perRequest) transactions in flight)")
    return [
        BenchResult(
            name: "pipeline.schnorr_verify_all_cores", value: ceiling.rounded(), unit: "verifies/s",
            conditions: ["build": "release", "cores": "\(cores)", "load_average_at_start": load]),
        BenchResult(
            name: "pipeline.in_process_tps", value: inProcess.tps.rounded(), unit: "tx/s",
            conditions: inProcessConditions, target: ">= 0.75 x ceiling (\(Int(0.75 * ceiling))) and >= 30000",
            meetsTarget: inProcess.tps >= 0.75 * ceiling && inProcess.tps >= 30_000),
        BenchResult(
            name: "pipeline.http_binary_tps", value: overHTTP.tps.rounded(), unit: "tx/s", conditions: httpConditions,
            target: ">= 0.5 x ceiling (\(Int(0.5 * ceiling)))", meetsTarget: overHTTP.tps >= 0.5 * ceiling),
    ]
        + latencyResults("in_process", inProcess, inProcessConditions, target: false)
        + latencyResults("in_process_paced", pacedInProcess, pacedInProcessConditions, target: true)
        + latencyResults("http", overHTTP, httpConditions, target: false)
        + latencyResults("http_paced", pacedHTTP, pacedHTTPConditions, target: true)
}

/// `pipeline.<name>_confirmation_p50` and `_p99` of `phase`; with `target`, p99 is held to the < 50 ms target.
func latencyResults(_ name: String, _ phase: PhaseResult, _ conditions: [String: String], target: Bool)
    -> [BenchResult]
{
    [
        BenchResult(
            name: "pipeline.\(name)_confirmation_p50", value: phase.p50, unit: "ms", conditions: conditions),
        BenchResult(
            name: "pipeline.\(name)_confirmation_p99", value: phase.p99, unit: "ms", conditions: conditions,
            target: target ? "< 50" : nil, meetsTarget: target ? phase.p99 < 50 : nil),
    ]
}

/// What one measured phase gave.
struct PhaseResult {
    var transactions: Int
    var blocks: Int
    var failed: Int
    var seconds: Double
    var latencies: [Double]
    var batchBytes: Int

    var tps: Double { Double(transactions) / seconds }
    var p50: Double { percentile(0.50) }
    var p99: Double { percentile(0.99) }

    private func percentile(_ fraction: Double) -> Double {
        let sorted = latencies.sorted()
        guard !sorted.isEmpty else { return 0 }
        return (sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] * 10).rounded() / 10
    }
}

/// Submits `chunks` one after the other with `submit` while the batcher follows, and stops the clock once
/// every block is in a batch the sink accepted.
func measurePhase(
    _ name: String, _ chunks: [[[UInt8]]], sequencer: Sequencer, feed: BatchFeed, sink: FileBatchSink,
    submit: ([[UInt8]]) async throws -> [Double]
) async throws -> PhaseResult {
    let count = chunks.reduce(0) { $0 + $1.count }
    let firstBlock = await sequencer.tip.number + 1
    let batchesBefore = await feed.batcher.lastSubmitted?.batchIndex
    FileManager.default.fputs("pipeline (\(name)): \(count) transactions in \(chunks.count) chunks...\n")
    let feeding = Task { await feed.run(pollEvery: .milliseconds(200)) }
    var latencies: [Double] = []
    let started = ContinuousClock.now
    for chunk in chunks { latencies += try await submit(chunk) }
    let confirmed = ContinuousClock.now
    try await sequencer.sealNow()
    let lastBlock = await sequencer.tip.number
    // The feed batches what it has not yet and closes the open batch, as at a graceful stop.
    feeding.cancel()
    await feeding.value
    try await feed.finish()
    let batched = ContinuousClock.now
    guard let lastBatched = await feed.batcher.lastSubmitted?.lastBlock, lastBatched >= lastBlock else {
        throw BenchFailure("the batcher did not batch every block")
    }
    var result = PhaseResult(
        transactions: count, blocks: 0, failed: 0, seconds: (batched - started).inSeconds, latencies: latencies,
        batchBytes: 0)
    for number in firstBlock...max(firstBlock, lastBlock) {
        guard let stored = try sequencer.blocks.block(number) else { continue }
        result.blocks += 1
        result.failed += stored.receipts.filter { $0.status != .success }.count
    }
    for index in (batchesBefore.map { $0 + 1 } ?? 0)...(await feed.batcher.lastSubmitted?.batchIndex ?? 0) {
        result.batchBytes += try await sink.stored(index: index)?.batch.byteCount ?? 0
    }
    FileManager.default.fputs(
        "pipeline (\(name)): \(count) txs in \(result.blocks) blocks, \(result.failed) failed receipts; confirmed "
            + "after \(Int((confirmed - started).inSeconds * 1000)) ms, batched after \(Int(result.seconds * 1000)) ms: "
            + "\(Int(result.tps)) tx/s; per request p50 \(result.p50) ms, p99 \(result.p99) ms; "
            + "\(result.batchBytes) batch bytes\n")
    return result
}

/// The standard mix as text.
let mixDescription = Workload.Mix.standard.perHundred.map { "\($0.kind.rawValue) \($0.count)%" }
    .joined(separator: ", ")

/// `chunk` cut into requests of at most `perRequest` transactions, in order.
func requests(of chunk: [[UInt8]], perRequest: Int) -> [[[UInt8]]] {
    stride(from: 0, to: chunk.count, by: perRequest).map { Array(chunk[$0..<min($0 + perRequest, chunk.count)]) }
}

/// Sends `requests` closed loop from `workers` concurrent tasks (worker `w` sends requests `w`, `w + workers`,
/// ..., one at a time) and waits for every answer; returns each request's milliseconds until `send` returned.
func submitClosedLoop(
    _ requests: [[[UInt8]]], workers: Int,
    send: @escaping @Sendable (_ worker: Int, _ request: [[UInt8]]) async throws -> Void
) async throws -> [Double] {
    try await withThrowingTaskGroup(of: [Double].self) { group in
        for worker in 0..<workers {
            group.addTask {
                var latencies: [Double] = []
                for index in stride(from: worker, to: requests.count, by: workers) {
                    let sent = ContinuousClock.now
                    try await send(worker, requests[index])
                    latencies.append((ContinuousClock.now - sent).inSeconds * 1000)
                }
                return latencies
            }
        }
        var all: [Double] = []
        for try await latencies in group { all += latencies }
        return all
    }
}

/// Submits `chunk` in requests of `perRequest` from `submitters` concurrent tasks and waits for every answer;
/// returns each request's milliseconds to its last confirmation. Throws on any refusal (the workload is valid).
func submitChunk(
    _ chunk: [[UInt8]], to sequencer: Sequencer, submitters: Int, perRequest: Int
) async throws -> [Double] {
    try await submitClosedLoop(requests(of: chunk, perRequest: perRequest), workers: submitters) { _, request in
        try checkConfirmed(await sequencer.process(request))
    }
}

/// Like ``submitChunk(_:to:submitters:perRequest:)``, through `POST /v1/txs/binary`: one request at a time on
/// each of `clients`, binary answers decoded and checked.
func submitChunkOverHTTP(_ chunk: [[UInt8]], clients: [BenchHTTPClient], perRequest: Int) async throws -> [Double] {
    try await submitClosedLoop(requests(of: chunk, perRequest: perRequest), workers: clients.count) {
        worker, request in
        let response = try await clients[worker].post("/v1/txs/binary", body: BinaryBatch.join(request))
        try checkHTTPAnswer(response, count: request.count)
    }
}

/// Throws unless `response` is a 200 whose binary answer holds `count` confirmations.
func checkHTTPAnswer(_ response: BenchHTTPClient.Response, count: Int) throws {
    guard response.status == 200 else {
        throw BenchFailure("HTTP \(response.status): \(String(decoding: response.body, as: UTF8.self))")
    }
    try checkBinaryAnswer(response.body, count: count)
}

/// Throws the first refusal in `results` (the workload is valid: every transaction should be confirmed).
func checkConfirmed(_ results: [Result<SignedSoftConfirmation, IngestError>]) throws {
    for case .failure(let refusal) in results {
        throw BenchFailure("the sequencer refused a workload transaction: \(refusal)")
    }
}

/// Checks that a binary answer holds `count` confirmations (``BinaryBatch/encode(_:)``).
func checkBinaryAnswer(_ body: [UInt8], count: Int) throws {
    let results = try BinaryBatch.decode(body, maxResults: count).results
    guard results.count == count else { throw BenchFailure("the answer does not hold \(count) results") }
    for case .refused(let code, let message) in results {
        throw BenchFailure("the sequencer refused a workload transaction: \(code) \(message)")
    }
}

/// BIP-340 verifies per second on `cores` threads at once, each over its own signatures, for 3 s.
func schnorrVerifyRateAllCores(cores: Int) -> Double {
    let perThread = 512
    let sets = (0..<cores).map { _ in
        (0..<perThread).map { n -> (AccountPublicKey, SchnorrSignature, Hash) in
            let key = AccountPrivateKey()
            let digest = Hash.blake2b(Array("ceiling \(n)".utf8))
            return (key.publicKey, key.sign(digest: digest), digest)
        }
    }
    let counts = Mutex([Int](repeating: 0, count: cores))
    let start = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: cores) { thread in
        var done = 0
        repeat {
            for (key, signature, digest) in sets[thread] where key.verify(signature, digest: digest) { done += 1 }
        } while DispatchTime.now().uptimeNanoseconds - start < 3_000_000_000
        counts.withLock { $0[thread] = done }
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Double(counts.withLock { $0.reduce(0, +) }) / elapsed
}

/// The 1, 5 and 15 minute load averages.
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "unknown"
}

/// A benchmark that could not run as meant.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
