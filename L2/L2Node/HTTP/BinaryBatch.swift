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
}
