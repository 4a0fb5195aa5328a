import Common

/// The binary batch format of `POST /v1/txs/binary`.
///
/// Request: the transactions one after the other, each as `varint(length) || bytes` (no count, no trailer).
/// Response (with `Accept: application/octet-stream`): `varint(count)`, the confirmed transactions' one
/// signature (``SoftConfirmationSet``) if any, then per transaction its confirmation or its refusal
/// (``encode(_:)``).
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

    /// Encodes per-transaction results: `varint(count)`, the signature of the confirmed ones if any
    /// (`0x00`, or `0x01 || signature (64)`), then per transaction either
    /// `0x00 || varint(length) || confirmation bytes` or `0x01 || varint(code) || string(message)`.
    ///
    /// The confirmed results must be one signed set, in order, as ``Sequencer/process(_:)`` answers: the
    /// signature is written once and a client rebuilds the set from the confirmations (no proofs are sent).
    public static func encode(_ results: [Result<SignedSoftConfirmation, IngestError>]) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeLength(results.count)
        let confirmed = results.lazy.compactMap { try? $0.get() }
        if let first = confirmed.first {
            assert(
                Array(confirmed).enumerated().allSatisfy {
                    $1.signature == first.signature && $1.proof.index == UInt64($0)
                        && $1.proof.count == first.proof.count
                } && Array(confirmed).count == first.proof.count, "the confirmed results are not one signed set")
            writer.write(UInt8(1))
            writer.write(first.signature)
        } else {
            writer.write(UInt8(0))
        }
        for result in results {
            switch result {
            case .success(let signed):
                writer.write(UInt8(0))
                writer.writeBytes(signed.confirmation.canonicalBytes)
            case .failure(let error):
                writer.write(UInt8(1))
                writer.writeVarint(UInt64(error.code))
                writer.writeString(error.message)
            }
        }
        return writer.bytes
    }

    /// One transaction's result in an answer, as a client reads it.
    public enum AnsweredResult: Hashable, Sendable {
        /// Confirmed (covered by the answer's signature).
        case confirmed(SoftConfirmation)
        /// Refused, with its code and message.
        case refused(code: UInt64, message: String)
    }

    /// A binary answer, as a client reads it (the signature is not checked until ``verify(sequencer:chainID:)``).
    public struct Answer: Hashable, Sendable {
        /// One result per transaction, in order.
        public var results: [AnsweredResult]
        /// The signature of the confirmed results' set; `nil` when nothing was confirmed.
        public var signature: SchnorrSignature?

        /// The confirmed results, in order: the signed set.
        public var confirmations: [SoftConfirmation] {
            results.compactMap {
                if case .confirmed(let confirmation) = $0 { confirmation } else { nil }
            }
        }

        /// Whether the signature is `sequencer`'s over the confirmed results for `chainID` (one verification);
        /// an answer with no confirmation and no signature verifies trivially.
        public func verify(sequencer: AccountPublicKey, chainID: String) -> Bool {
            let confirmations = confirmations
            guard let signature else { return confirmations.isEmpty }
            return SoftConfirmationSet.verify(
                confirmations, signature: signature, sequencer: sequencer, chainID: chainID)
        }

        /// The confirmed results, each with the signature and its own proof (to keep or show one alone).
        public func signedConfirmations(sequencer: AccountPublicKey) -> [SignedSoftConfirmation] {
            guard let signature else { return [] }
            return SoftConfirmationSet.signed(confirmations, signature: signature, sequencer: sequencer)
        }
    }

    /// Decodes an answer written by ``encode(_:)`` holding at most `maxResults` results.
    public static func decode(_ bytes: [UInt8], maxResults: Int) throws(CodecError) -> Answer {
        var reader = ByteReader(bytes)
        let count = try reader.readLength(cap: maxResults, "results")
        let offset = reader.offset
        let signature: SchnorrSignature?
        switch try reader.readUInt8("signature tag") {
        case 0: signature = nil
        case 1: signature = try reader.read(SchnorrSignature.self)
        case let tag: throw .unknownTag(what: "signature tag", offset: offset, tag: UInt64(tag))
        }
        var results: [AnsweredResult] = []
        results.reserveCapacity(count)
        for _ in 0..<count {
            if try reader.readUInt8("result tag") == 0 {
                let confirmation = try SoftConfirmation(
                    canonicalBytes: try reader.readBytes(cap: 1024, "confirmation"))
                results.append(.confirmed(confirmation))
            } else {
                let code = try reader.readVarint(UInt64.self, "code")
                results.append(.refused(code: code, message: try reader.readString(cap: 4096, "message")))
            }
        }
        try reader.expectEnd()
        return Answer(results: results, signature: signature)
    }
}
