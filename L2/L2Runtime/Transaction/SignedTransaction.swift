import Common

/// An L2 transaction as it travels and as blocks carry it: the body and the signer's BIP-340 signature.
///
/// Bytes: `body || signature (64)`. Decoding accepts only the canonical encoding.
///
/// Its id (``hash``) is BLAKE2b-256 of the body alone: the signature is a witness, as in Bitcoin's segwit
/// `txid`. Batches carry one half-aggregate signature instead of each transaction's (docs/l2-batches.md), so a
/// verifier rebuilding blocks from a batch has the bodies but not the signatures, and recomputes every id,
/// receipt and transactions root from the bodies. Two valid signatures of one body are the same transaction.
public struct SignedTransaction: Hashable, Sendable {
    /// The signed body.
    public var transaction: Transaction
    /// The BIP-340 signature of ``Transaction/signingDigest`` by the sender's key.
    public var signature: SchnorrSignature

    /// Pairs a body with a signature (checked when the transaction is executed, or by ``isSigned(by:)``).
    public init(transaction: Transaction, signature: SchnorrSignature) {
        self.transaction = transaction
        self.signature = signature
    }

    /// Signs `transaction` with `key`, which should be the sender's key.
    public init(signing transaction: Transaction, with key: AccountPrivateKey) {
        self.transaction = transaction
        self.signature = key.sign(digest: transaction.signingDigest)
    }

    /// Decodes a transaction from exactly `bytes`: at most ``TransactionLimits/maxBytes``, canonical, with no
    /// trailing bytes.
    public init(bytes: [UInt8]) throws(CodecError) {
        guard bytes.count <= TransactionLimits.maxBytes else {
            throw .lengthOverCap(
                what: "transaction", offset: 0, length: UInt64(bytes.count), cap: TransactionLimits.maxBytes)
        }
        self = try SignedTransaction(canonicalBytes: bytes)
    }

    /// The transaction's bytes.
    public var bytes: [UInt8] { canonicalBytes }

    /// The transaction id: BLAKE2b-256 of the body's bytes (``Transaction/hash``), the signature left out.
    public var hash: Hash { transaction.hash }

    /// Whether ``signature`` is `key`'s BIP-340 signature of the body's signing digest.
    public func isSigned(by key: AccountPublicKey) -> Bool {
        key.verify(signature, digest: transaction.signingDigest)
    }
}

extension SignedTransaction: CanonicalCodable {
    /// `body || signature (64 bytes)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(transaction)
        writer.write(signature)
    }

    /// Reads the body then the 64 signature bytes.
    public init(from reader: inout ByteReader) throws(CodecError) {
        transaction = try reader.read(Transaction.self)
        signature = try reader.read(SchnorrSignature.self)
    }
}
