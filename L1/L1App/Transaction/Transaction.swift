import Common

/// The signed body of an L1 transaction: who signs, on which chain, with which nonce and fee, to do what.
///
/// The signature (``SignedTransaction``) is over
/// `signingDigest(.l1Transaction, chainID, canonical bytes of this body)`. The encoding is in
/// docs/l1-transactions.md.
public struct Transaction: Hashable, Sendable {
    /// The chain the transaction is for; a chain rejects transactions naming another.
    public var chainID: String
    /// The signer's x-only public key; the signer's account (``Common/Address``) pays the fee.
    public var signer: AccountPublicKey
    /// The signer's next nonce: 0 for a first transaction, then one more for each included transaction.
    public var nonce: UInt64
    /// The fee, in the base denomination, paid to the fee collector even if the messages fail.
    public var fee: Amount
    /// What to do, in order (1 to ``TransactionLimits/maxMessages``).
    public var messages: [Message]

    /// Creates a transaction body.
    public init(chainID: String, signer: AccountPublicKey, nonce: UInt64, fee: Amount, messages: [Message]) {
        self.chainID = chainID
        self.signer = signer
        self.nonce = nonce
        self.fee = fee
        self.messages = messages
    }

    /// The signer's account address.
    public var sender: Address { signer.address }

    /// The 32-byte digest the signer signs: `signingDigest(.l1Transaction, chainID, canonicalBytes)`.
    public var signingDigest: Hash {
        Common.signingDigest(domain: .l1Transaction, chainID: chainID, message: canonicalBytes)
    }
}

extension Transaction: CanonicalCodable {
    /// `string(chainID) || signer (32) || varint(nonce) || varint(fee) || list<message>(messages)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(chainID)
        writer.write(signer)
        writer.writeVarint(nonce)
        writer.write(fee)
        writer.writeList(messages)
    }

    /// Reads the fields in order, with the caps of ``TransactionLimits``.
    public init(from reader: inout ByteReader) throws(CodecError) {
        chainID = try reader.readString(cap: TransactionLimits.maxChainIDBytes, "chain id")
        signer = try reader.read(AccountPublicKey.self)
        nonce = try reader.readVarint(UInt64.self, "nonce")
        fee = try reader.read(Amount.self)
        messages = try reader.readList(Message.self, cap: TransactionLimits.maxMessages, "messages")
    }
}
