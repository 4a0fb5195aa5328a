import Common

/// A block: header, transactions (opaque to consensus), committed evidence, and the commit of the previous block.
public struct Block: Hashable, Sendable {
    /// The header; its hash is the block id.
    public let header: Header
    /// The transactions, in order.
    public let transactions: [[UInt8]]
    /// Equivocations committed by this block.
    public let evidence: [DuplicateVoteEvidence]
    /// The commit that decided the previous block (nil at height 1).
    public let lastCommit: Commit?

    /// Caps checked when decoding a block from the network.
    public enum Limits {
        /// Most transactions in a block.
        public static let maxTransactions = 100_000
        /// Largest transaction.
        public static let maxTransactionBytes = 1 << 20
        /// Most evidence items in a block.
        public static let maxEvidence = 1_000
    }

    /// A block; `header.id` is its identity.
    public init(header: Header, transactions: [[UInt8]], evidence: [DuplicateVoteEvidence], lastCommit: Commit?) {
        self.header = header
        self.transactions = transactions
        self.evidence = evidence
        self.lastCommit = lastCommit
    }

    /// The block id (hash of the header).
    public var id: BlockID { header.blockID }

    /// The height of the block.
    public var height: Height { header.height }

    /// The `dataHash` a header must carry for `transactions`.
    public static func dataHash(_ transactions: [[UInt8]]) -> Hash { MerkleList.root(transactions) }

    /// The `evidenceHash` a header must carry for `evidence`.
    public static func evidenceHash(_ evidence: [DuplicateVoteEvidence]) -> Hash {
        MerkleList.root(leafHashes: evidence.map { MerkleList.leafHash($0.canonicalBytes) })
    }

    /// The bytes of the block's canonical encoding.
    public var byteCount: Int { canonicalBytes.count }
}

extension Block: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(header)
        writer.writeLength(transactions.count)
        for transaction in transactions { writer.writeBytes(transaction) }
        writer.writeList(evidence)
        writer.writeOptional(lastCommit)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        header = try reader.read(Header.self)
        let count = try reader.readLength(cap: Limits.maxTransactions, "transaction count")
        var transactions = [[UInt8]]()
        transactions.reserveCapacity(min(count, reader.remaining))
        for _ in 0..<count {
            transactions.append(try reader.readBytes(cap: Limits.maxTransactionBytes, "transaction"))
        }
        self.transactions = transactions
        evidence = try reader.readList(DuplicateVoteEvidence.self, cap: Limits.maxEvidence, "evidence")
        lastCommit = try reader.readOptional(Commit.self)
    }
}
