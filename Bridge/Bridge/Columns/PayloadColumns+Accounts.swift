import Common
import L2Runtime

/// ``TransactionKind/transfer``: `transfer.recipient` (20 bytes each) and `transfer.amount` (varint each).
struct TransferPayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["transfer.recipient", "transfer.amount"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let transfer = try? TransferPayload(canonicalBytes: payload) else { return false }
        fields[0].write(transfer.recipient)
        fields[1].write(transfer.amount)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let recipient = try fields.read(0) { reader throws(CodecError) in try reader.read(Address.self) }
        let amount = try fields.read(1) { reader throws(CodecError) in try reader.read(Amount.self) }
        return TransferPayload(recipient: recipient, amount: amount).canonicalBytes
    }
}

/// ``TransactionKind/withdraw``: `withdraw.recipient` (20 bytes each) and `withdraw.amount` (varint each).
struct WithdrawPayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["withdraw.recipient", "withdraw.amount"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let withdraw = try? WithdrawPayload(canonicalBytes: payload) else { return false }
        fields[0].write(withdraw.recipient)
        fields[1].write(withdraw.amount)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let recipient = try fields.read(0) { reader throws(CodecError) in try reader.read(Address.self) }
        let amount = try fields.read(1) { reader throws(CodecError) in try reader.read(Amount.self) }
        return WithdrawPayload(recipient: recipient, amount: amount).canonicalBytes
    }
}

/// ``TransactionKind/storeProgram``: `storeProgram.source` (`bytes(source)` each).
struct StoreProgramPayloadColumns: PayloadColumns {
    var fieldNames: [String] { ["storeProgram.source"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let program = try? StoreProgramPayload(canonicalBytes: payload) else { return false }
        fields[0].writeBytes(program.source)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let source = try fields.read(0) { reader throws(CodecError) in
            try reader.readBytes(cap: StoreProgramPayload.maxSourceBytes, "program source")
        }
        return StoreProgramPayload(source: source).canonicalBytes
    }
}

/// ``TransactionKind/issueCredential``: `subject` (20), `type` (`string`), `claim` (32), `validFrom`
/// (`varint(zigzag(validFrom - block time))`), `validUntil` (`varint(zigzag(validUntil - validFrom))`).
struct IssueCredentialPayloadColumns: PayloadColumns {
    var fieldNames: [String] {
        [
            "issueCredential.subject", "issueCredential.type", "issueCredential.claim", "issueCredential.validFrom",
            "issueCredential.validUntil",
        ]
    }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let credential = try? IssueCredentialPayload(canonicalBytes: payload) else { return false }
        fields[0].write(credential.subject)
        fields[1].writeString(credential.type)
        fields[2].write(credential.claimHash)
        fields[3].writeVarint(ZigZag.encode(credential.validFromMillis, from: blockTime))
        fields[4].writeVarint(ZigZag.encode(credential.validUntilMillis, from: credential.validFromMillis))
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let subject = try fields.read(0) { reader throws(CodecError) in try reader.read(Address.self) }
        let type = try fields.read(1) { reader throws(CodecError) in
            try reader.readString(cap: Credential.maxTypeBytes, "credential type")
        }
        let claim = try fields.read(2) { reader throws(CodecError) in try reader.readHash("claim hash") }
        let from = try fields.read(3) { reader throws(CodecError) in
            ZigZag.decode(try reader.readVarint(UInt64.self, "valid from"), from: blockTime)
        }
        let until = try fields.read(4) { reader throws(CodecError) in
            ZigZag.decode(try reader.readVarint(UInt64.self, "valid until"), from: from)
        }
        return IssueCredentialPayload(
            subject: subject, type: type, claimHash: claim, validFromMillis: from, validUntilMillis: until
        ).canonicalBytes
    }
}

/// ``TransactionKind/revokeCredential``, ``TransactionKind/acceptCredential`` and
/// ``TransactionKind/dismissCredential``: `<kind>.credential` (32 bytes each; a credential is named by few
/// transactions, so its id is not worth a table).
struct CredentialPayloadColumns: PayloadColumns {
    /// The kind whose columns these are.
    let kind: TransactionKind

    var fieldNames: [String] { ["\(kind.name).credential"] }

    func split(_ payload: [UInt8], blockTime: UInt64, into fields: inout [ByteWriter], ids: inout IDTableWriter)
        -> Bool
    {
        guard let revoke = try? CredentialPayload(canonicalBytes: payload) else { return false }
        fields[0].write(revoke.credential)
        return true
    }

    func join(_ fields: inout FieldReaders, blockTime: UInt64) throws(BatchDecodingError) -> [UInt8] {
        let credential = try fields.read(0) { reader throws(CodecError) in try reader.readHash("credential") }
        return CredentialPayload(credential: credential).canonicalBytes
    }
}
