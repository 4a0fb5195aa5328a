import Common
import L2Runtime

/// A block as a batch carries it: its header and its transactions' bodies.
///
/// The signatures are not here: one half-aggregate signature covers every transaction of the batch
/// (``BatchContents/signature``). Transaction ids, receipts and the transactions root leave signatures out, so
/// the header is the sealed block's, byte for byte.
public struct BatchBlock: Hashable, Sendable {
    /// The header.
    public var header: BlockHeader
    /// The transactions' bodies, in order.
    public var transactions: [Transaction]

    /// A block of `header` and `transactions`.
    public init(header: BlockHeader, transactions: [Transaction]) {
        self.header = header
        self.transactions = transactions
    }

    /// `block` without its signatures.
    public init(_ block: Block) {
        self.init(header: block.header, transactions: block.transactions.map(\.transaction))
    }
}

/// What a batch holds: its blocks, and the half-aggregate of its transactions' signatures in batch order.
public struct BatchContents: Hashable, Sendable {
    /// The blocks, in order.
    public var blocks: [BatchBlock]
    /// The half-aggregate of every transaction's signature, in batch order (blocks in order, then in-block
    /// order), each by its sender's key.
    public var signature: HalfAggregateSignature

    /// Contents of `blocks` and `signature`.
    public init(blocks: [BatchBlock], signature: HalfAggregateSignature) {
        self.blocks = blocks
        self.signature = signature
    }

    /// Contents of sealed `blocks`: their bodies, and their signatures aggregated, each with the key `signer`
    /// gives for its sender (the key itself for a sender by key; the key recorded for an account index).
    ///
    /// The signatures are not checked (the sequencer checked each one when it took the transaction); an invalid
    /// one makes a signature that does not verify.
    ///
    /// - Throws: ``BatchEncodingError/unknownSigner(_:)`` if `signer` has no key for a sender,
    ///   ``BatchEncodingError/tooManyTransactions(count:cap:)`` beyond ``HalfAggregateSignature/maxCount``,
    ///   ``Common/CryptoKeyError/signatureScalarOutOfRange`` for a signature no key could have made, or what
    ///   `signer` throws.
    public init(blocks: [Block], signer: (TransactionSender) throws -> AccountPublicKey?) throws {
        var aggregator = HalfAggregator()
        for transaction in blocks.lazy.flatMap(\.transactions) {
            let body = transaction.transaction
            guard let key = try signer(body.sender) else {
                let sender =
                    switch body.sender {
                    case .key(let key): "key \(key)"
                    case .index(let index): "index \(index.value)"
                    }
                throw BatchEncodingError.unknownSigner(sender)
            }
            guard aggregator.count < HalfAggregateSignature.maxCount else {
                throw BatchEncodingError.tooManyTransactions(
                    count: blocks.reduce(0) { $0 + $1.transactions.count }, cap: HalfAggregateSignature.maxCount)
            }
            try aggregator.append(key: key, digest: body.signingDigest, signature: transaction.signature)
        }
        self.init(blocks: blocks.map(BatchBlock.init), signature: aggregator.aggregate)
    }

    /// Every transaction body, in batch order.
    public var transactions: [Transaction] { blocks.flatMap(\.transactions) }

    /// Whether ``signature`` is the aggregate of a valid signature of every transaction by `keys` (one per
    /// transaction, in batch order): what a verifier checks with the keys re-execution gave
    /// (``L2Runtime/Runtime/execute(_:bodies:state:)``). A `nil` key, or a count that is not the transactions',
    /// makes it invalid. `threads` splits the verification (``Common/HalfAggregateSignature/verify(_:threads:)``).
    public func signatureVerifies(keys: [AccountPublicKey?], threads: Int = 1) -> Bool {
        let bodies = transactions
        guard keys.count == bodies.count else { return false }
        var signers: [(key: AccountPublicKey, digest: Hash)] = []
        signers.reserveCapacity(bodies.count)
        for (key, body) in zip(keys, bodies) {
            guard let key else { return false }
            signers.append((key, body.signingDigest))
        }
        return signature.verify(signers, threads: threads)
    }

    /// ``signatureVerifies(keys:)`` with each sender's key from `signer` (as in ``init(blocks:signer:)``): what
    /// the batcher checks before it submits, with the keys of its committed state.
    public func signatureVerifies(signer: (TransactionSender) throws -> AccountPublicKey?) rethrows -> Bool {
        var keys: [AccountPublicKey?] = []
        keys.reserveCapacity(signature.count)
        for body in blocks.lazy.flatMap(\.transactions) { keys.append(try signer(body.sender)) }
        return signatureVerifies(keys: keys)
    }
}
