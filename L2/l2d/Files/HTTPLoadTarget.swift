import Common
import Foundation
import L2Node
import L2Runtime
import L2Workload

/// `l2d load`'s target: batches to `POST /v1/txs/binary`, answers read in the binary format (``BinaryBatch``).
struct HTTPLoadTarget: LoadTarget {
    let client: HTTPClient

    func submit(_ batch: [SignedTransaction]) async throws -> [LoadOutcome] {
        let body = Data(BinaryBatch.join(batch.map(\.bytes)))
        let (status, answer) = try await client.send(
            "POST", "/v1/txs/binary", body: body,
            headers: ["Content-Type": "application/octet-stream", "Accept": "application/octet-stream"])
        guard status == 200 else {
            // The whole request was refused (too large, malformed, unavailable): every transaction with it.
            guard let error = try? JSONDecoder().decode(API.ErrorBody.self, from: answer) else {
                throw CLIError("the sequencer answered HTTP \(status) to a batch")
            }
            return Array(repeating: .refused(code: error.code, name: error.name), count: batch.count)
        }
        return try Self.outcomes(Array(answer))
    }

    /// Reads a binary batch answer (``BinaryBatch/decode(_:maxResults:)``) as load outcomes.
    static func outcomes(_ bytes: [UInt8]) throws -> [LoadOutcome] {
        let results: [BinaryBatch.AnsweredResult]
        do {
            results = try BinaryBatch.decode(bytes, maxResults: bytes.count).results
        } catch {
            throw CLIError("the sequencer's binary batch answer does not decode: \(error)")
        }
        return results.map { result in
            switch result {
            case .confirmed(let confirmation):
                switch confirmation.status {
                case .success: .confirmed(nil)
                case .failed(let reason): .confirmed(reason)
                }
            case .refused(let code, _):
                .refused(
                    code: Int(clamping: code),
                    name: FailureReason(rawValue: UInt16(clamping: code)).map { "\($0)" } ?? "code")
            }
        }
    }
}
