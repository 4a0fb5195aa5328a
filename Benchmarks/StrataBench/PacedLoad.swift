import Foundation

/// Offers `chunks` at a steady rate, open loop: within a chunk, request `i` is due at the chunk's start plus
/// `i` request intervals, whether or not earlier requests were answered; the next chunk starts once every
/// request of the previous one is answered (reports name orders of earlier chunks). A request's latency counts
/// from when it was due, not from when it was sent, so a stall shows in the figures instead of quietly
/// lowering the offered load (no coordinated omission).
///
/// Returns each request's milliseconds from due to its last confirmation, and the rate actually offered
/// (transactions over the whole run, barriers included).
func submitPaced(
    _ chunks: [[[UInt8]]], perRequest: Int, transactionsPerSecond rate: Double,
    send: @escaping @Sendable ([[UInt8]]) async throws -> Void
) async throws -> (latencies: [Double], offered: Double) {
    let interval = Duration.seconds(Double(perRequest) / rate)
    var latencies: [Double] = []
    var transactions = 0
    let started = ContinuousClock.now
    for chunk in chunks {
        let requests = stride(from: 0, to: chunk.count, by: perRequest).map {
            Array(chunk[$0..<min($0 + perRequest, chunk.count)])
        }
        transactions += chunk.count
        latencies += try await withThrowingTaskGroup(of: Double.self) { group in
            let chunkStart = ContinuousClock.now
            for (index, request) in requests.enumerated() {
                let due = chunkStart + interval * index
                try await Task.sleep(until: due, clock: .continuous)
                group.addTask {
                    try await send(request)
                    return (ContinuousClock.now - due).seconds * 1000
                }
            }
            var chunkLatencies: [Double] = []
            for try await latency in group { chunkLatencies.append(latency) }
            return chunkLatencies
        }
    }
    return (latencies, Double(transactions) / (ContinuousClock.now - started).seconds)
}

/// Keep-alive clients lent one request at a time: a paced request waits here for a free connection (and that
/// wait counts in its latency).
actor BenchClientPool {
    private var idle: [BenchHTTPClient]
    private var waiting: [CheckedContinuation<BenchHTTPClient, Never>] = []

    init(_ clients: [BenchHTTPClient]) { idle = clients }

    /// POSTs `body` to `path` on the next free client.
    nonisolated func post(_ path: String, body: [UInt8]) async throws -> BenchHTTPClient.Response {
        let client = await take()
        defer { Task { await self.give(client) } }
        return try await client.post(path, body: body)
    }

    private func take() async -> BenchHTTPClient {
        if let client = idle.popLast() { return client }
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func give(_ client: BenchHTTPClient) {
        if waiting.isEmpty {
            idle.append(client)
        } else {
            waiting.removeFirst().resume(returning: client)
        }
    }
}
