import Common
import Foundation

/// Offers `chunk` at a steady rate, open loop: request `i` (of `perRequest` transactions) is due at the start
/// plus `i` request intervals, whether or not earlier requests were answered; returns once every request is
/// answered. A request's latency counts from when it was due, not from when it was sent, so a stall shows in
/// the figures instead of quietly lowering the offered load (no coordinated omission). The caller runs the
/// chunks one after the other (reports name orders of earlier chunks).
///
/// Returns each request's milliseconds from due to its last confirmation.
func submitPaced(
    _ chunk: [[UInt8]], perRequest: Int, transactionsPerSecond rate: Double,
    send: @escaping @Sendable ([[UInt8]]) async throws -> Void
) async throws -> [Double] {
    let interval = Duration.seconds(Double(perRequest) / rate)
    return try await withThrowingTaskGroup(of: Double.self) { group in
        let start = ContinuousClock.now
        for (index, request) in requests(of: chunk, perRequest: perRequest).enumerated() {
            let due = start + interval * index
            try await Task.sleep(until: due, clock: .continuous)
            group.addTask {
                try await send(request)
                return (ContinuousClock.now - due).inSeconds * 1000
            }
        }
        var latencies: [Double] = []
        for try await latency in group { latencies.append(latency) }
        return latencies
    }
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
