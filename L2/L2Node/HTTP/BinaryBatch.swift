import Common

/// The binary batch format of `POST /v1/txs/binary`.
///
/// Request: the transactions one after the other, each as `varint(length) || bytes` (no count, no trailer).
/// Response (with `Accept: application/octet-stream`): `varint(count)`, then per transaction either
/// `0x00 || varint(length) || confirmation bytes || signature (64)` or `0x01 || varint(code) || string(message)`.
public enum BinaryBatch {
    /// Splits a request body into transactions' bytes; `nil` if it is not a whole sequence of frames within
    /// the caps.
    public static func split(_ body: [UInt8], maxTransactions: Int, maxTransactionBytes: Int) -> Result<
        [[UInt8]], IngestError
    > {
        var reader = ByteReader(body)
        var items: [[UInt8]] = []
        while !reader.isAtEnd {
            guard items.count < maxTransactions else {
                return .failure(.batchTooLarge(count: items.count + 1, cap: maxTransactions))
            }
            do {
                items.append(try reader.readBytes(cap: maxTransactionBytes, "transaction"))
            } catch {
                return .failure(
                    .malformedRequest("the binary batch is not a sequence of varint-prefixed frames: \(error)"))
            }
        }
        return .success(items)
    }

    /// Joins transactions' bytes into a request body.
    public static func join(_ items: [[UInt8]]) -> [UInt8] {
        var writer = ByteWriter()
        for item in items { writer.writeBytes(item) }
        return writer.bytes
    }

    /// Encodes per-transaction results.
    public static func encode(_ results: [Result<SignedSoftConfirmation, IngestError>]) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeLength(results.count)
        for result in results {
            switch result {
            case .success(let signed):
                writer.write(UInt8(0))
                writer.writeBytes(signed.confirmation.canonicalBytes)
                writer.write(signed.signature)
            case .failure(let error):
                writer.write(UInt8(1))
                writer.writeVarint(UInt64(error.code))
                writer.writeString(error.message)
            }
        }
        return writer.bytes
    }

    /// One transaction's result in an answer, as a client reads it (the signature is not checked here).
    public enum AnsweredResult: Hashable, Sendable {
        /// Confirmed, with the sequencer's signature.
        case confirmed(SoftConfirmation, SchnorrSignature)
        /// Refused, with its code and message.
        case refused(code: UInt64, message: String)
    }

    /// Decodes an answer written by ``encode(_:)`` holding at most `maxResults` results.
    public static func decode(_ bytes: [UInt8], maxResults: Int) throws(CodecError) -> [AnsweredResult] {
        var reader = ByteReader(bytes)
        let count = try reader.readLength(cap: maxResults, "results")
        var results: [AnsweredResult] = []
        results.reserveCapacity(count)
        for _ in 0..<count {
            if try reader.readUInt8("result tag") == 0 {
                let confirmation = try SoftConfirmation(
                    canonicalBytes: try reader.readBytes(cap: 1024, "confirmation"))
                results.append(.confirmed(confirmation, try reader.read(SchnorrSignature.self)))
            } else {
                let code = try reader.readVarint(UInt64.self, "code")
                results.append(.refused(code: code, message: try reader.readString(cap: 4096, "message")))
            }
        }
        try reader.expectEnd()
        return results
    }
}
