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
    /// - Throws: what ``signerKeys(of:signer:)``, ``signers(of:keys:)`` and ``init(blocks:signers:)`` throw.
    public init(blocks: [Block], signer: (TransactionSender) throws -> AccountPublicKey?) throws {
        let keys = try Self.signerKeys(of: blocks, signer: signer)
        try self.init(blocks: blocks, signers: try Self.signers(of: blocks, keys: keys))
    }

    /// Contents of sealed `blocks`, their signatures aggregated with `signers` (``signers(of:keys:)``: a key and
    /// signing digest per transaction, in batch order), which ``signatureVerifies(signers:threads:)`` then
    /// checks without computing the digests again.
    ///
    /// - Throws: ``BatchEncodingError/signatureCount(expected:found:)`` if `signers` does not hold one entry per
    ///   transaction, ``BatchEncodingError/tooManyTransactions(count:cap:)`` beyond
    ///   ``HalfAggregateSignature/maxCount``, or ``Common/CryptoKeyError/signatureScalarOutOfRange`` for a
    ///   signature no key could have made.
    public init(blocks: [Block], signers: [(key: AccountPublicKey, digest: Hash)]) throws {
        let count = blocks.reduce(0) { $0 + $1.transactions.count }
        guard signers.count == count else {
            throw BatchEncodingError.signatureCount(expected: count, found: signers.count)
        }
        guard signers.count <= HalfAggregateSignature.maxCount else {
            throw BatchEncodingError.tooManyTransactions(count: signers.count, cap: HalfAggregateSignature.maxCount)
        }
        var aggregator = HalfAggregator()
        for (signer, transaction) in zip(signers, blocks.lazy.flatMap(\.transactions)) {
            try aggregator.append(key: signer.key, digest: signer.digest, signature: transaction.signature)
        }
        self.init(blocks: blocks.map(BatchBlock.init), signature: aggregator.aggregate)
    }

    /// Each transaction's key, from `keys` (one per transaction, in batch order), with its signing digest.
    ///
    /// - Throws: ``BatchEncodingError/signatureCount(expected:found:)`` if `keys` does not hold one key per
    ///   transaction.
    public static func signers(of blocks: [Block], keys: [AccountPublicKey]) throws -> [(
        key: AccountPublicKey, digest: Hash
    )] {
        let count = blocks.reduce(0) { $0 + $1.transactions.count }
        guard keys.count == count else { throw BatchEncodingError.signatureCount(expected: count, found: keys.count) }
        return zip(keys, blocks.lazy.flatMap(\.transactions)).map { ($0, $1.transaction.signingDigest) }
    }

    /// The key of each transaction's sender in `blocks`, in batch order, from `signer`.
    ///
    /// - Throws: ``BatchEncodingError/unknownSigner(_:)`` if `signer` has no key for a sender, or what `signer`
    ///   throws.
    public static func signerKeys(
        of blocks: [Block], signer: (TransactionSender) throws -> AccountPublicKey?
    ) throws -> [AccountPublicKey] {
        var keys: [AccountPublicKey] = []
        for transaction in blocks.lazy.flatMap(\.transactions) {
            let sender = transaction.transaction.sender
            guard let key = try signer(sender) else {
                let described =
                    switch sender {
                    case .key(let key): "key \(key)"
                    case .index(let index): "index \(index.value)"
                    }
                throw BatchEncodingError.unknownSigner(described)
            }
            keys.append(key)
        }
        return keys
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
        return signatureVerifies(signers: signers, threads: threads)
    }

    /// Whether ``signature`` is the aggregate of a valid signature of every transaction by `signers` (a key and
    /// signing digest per transaction, in batch order, as ``init(blocks:signers:)`` took them).
    public func signatureVerifies(signers: [(key: AccountPublicKey, digest: Hash)], threads: Int = 1) -> Bool {
        signature.verify(signers, threads: threads)
    }

    /// ``signatureVerifies(keys:)`` with each sender's key from `signer` (as in ``init(blocks:signer:)``), for a
    /// caller that has a key function rather than the keys.
    public func signatureVerifies(signer: (TransactionSender) throws -> AccountPublicKey?) rethrows -> Bool {
        var keys: [AccountPublicKey?] = []
        keys.reserveCapacity(signature.count)
        for body in blocks.lazy.flatMap(\.transactions) { keys.append(try signer(body.sender)) }
        return signatureVerifies(keys: keys)
    }
}
