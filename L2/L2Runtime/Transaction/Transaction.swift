import Common

/// The signed body of an L2 transaction: the envelope (chain, sender, nonce, fee) and what to do (a kind and
/// its payload).
///
/// The payload is the canonical encoding of the kind's payload type; the runtime decodes it when it executes
/// the transaction, so a payload that does not decode costs its fee and fails with a reason, like any other
/// failure. The signature (``SignedTransaction``) is over
/// `signingDigest(.l2Transaction, chainID, canonical bytes of this body)`. The encoding is in
/// docs/l2-transactions.md.
public struct Transaction: Hashable, Sendable {
    /// The rollup the transaction is for; the runtime rejects transactions naming another.
    public var chainID: String
    /// The signer, by key or by account index.
    public var sender: TransactionSender
    /// The sender's next nonce: 0 for a first transaction, then one more for each transaction executed.
    public var nonce: UInt64
    /// The most the transaction pays, whether it succeeds or fails: the rollup's minimum fee and the rules fuel
    /// it used (``RuntimeConfig/feeCharged(fee:fuel:)``); what it is charged goes to the fee pool.
    public var fee: Amount
    /// What the transaction does.
    public var kind: TransactionKind
    /// The canonical encoding of the kind's payload (at most ``TransactionLimits/maxPayloadBytes``).
    public var payload: [UInt8]

    /// Creates a transaction body.
    public init(
        chainID: String, sender: TransactionSender, nonce: UInt64, fee: Amount, kind: TransactionKind,
        payload: [UInt8]
    ) {
        self.chainID = chainID
        self.sender = sender
        self.nonce = nonce
        self.fee = fee
        self.kind = kind
        self.payload = payload
    }

    /// The transaction id: BLAKE2b-256 of ``canonicalBytes`` (the signature is not part of it).
    public var hash: Hash { Hash.blake2b(canonicalBytes) }

    /// The 32-byte digest the signer signs: `signingDigest(.l2Transaction, chainID, canonicalBytes)`.
    public var signingDigest: Hash {
        Common.signingDigest(domain: .l2Transaction, chainID: chainID, message: canonicalBytes)
    }
}

extension Transaction: CanonicalCodable {
    /// `string(chainID) || sender || varint(nonce) || varint(fee) || kind (1) || bytes(payload)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(chainID)
        writer.write(sender)
        writer.writeVarint(nonce)
        writer.write(fee)
        writer.write(kind.rawValue)
        writer.writeBytes(payload)
    }

    /// Reads the fields in order, with the caps of ``TransactionLimits``.
    public init(from reader: inout ByteReader) throws(CodecError) {
        chainID = try reader.readString(cap: TransactionLimits.maxChainIDBytes, "chain id")
        sender = try reader.read(TransactionSender.self)
        nonce = try reader.readVarint(UInt64.self, "nonce")
        fee = try reader.read(Amount.self)
        let offset = reader.offset
        let rawKind = try reader.readUInt8("kind")
        guard let kind = TransactionKind(rawValue: rawKind) else {
            throw .unknownTag(what: "transaction kind", offset: offset, tag: UInt64(rawKind))
        }
        self.kind = kind
        payload = try reader.readBytes(cap: TransactionLimits.maxPayloadBytes, "payload")
    }
}
