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

    /// Reads a binary batch answer: `varint(count)`, then per transaction a confirmation or an error code.
    static func outcomes(_ bytes: [UInt8]) throws -> [LoadOutcome] {
        var reader = ByteReader(bytes)
        do {
            let count = try reader.readVarint(UInt64.self, "count")
            var outcomes: [LoadOutcome] = []
            for _ in 0..<count {
                switch try reader.readUInt8("result tag") {
                case 0:
                    let confirmation = try SoftConfirmation(
                        canonicalBytes: try reader.readBytes(cap: 1024, "confirmation"))
                    _ = try reader.read(SchnorrSignature.self)
                    switch confirmation.status {
                    case .success: outcomes.append(.confirmed(nil))
                    case .failed(let reason): outcomes.append(.confirmed(reason))
                    }
                default:
                    let code = try reader.readVarint(UInt64.self, "code")
                    _ = try reader.readString(cap: 4096, "message")
                    let name = FailureReason(rawValue: UInt16(clamping: code)).map { "\($0)" } ?? "code"
                    outcomes.append(.refused(code: Int(clamping: code), name: name))
                }
            }
            return outcomes
        } catch {
            throw CLIError("the sequencer's binary batch answer does not decode: \(error)")
        }
    }
}
