import Common

/// An L2 block: a header and the transactions it orders.
public struct Block: Hashable, Sendable {
    /// The most transactions one block may hold.
    public static let maxTransactions = 65_536

    /// The header.
    public var header: BlockHeader
    /// The transactions, in execution order.
    public var transactions: [SignedTransaction]

    /// Creates a block.
    public init(header: BlockHeader, transactions: [SignedTransaction]) {
        self.header = header
        self.transactions = transactions
    }

    /// The block hash (its header's hash).
    public var hash: Hash { header.hash }

    /// The ``Common/MerkleList`` root of `transactions`' body bytes (signatures left out), in order: what
    /// ``BlockHeader/txsRoot`` holds.
    public static func txsRoot(_ transactions: [SignedTransaction]) -> Hash {
        txsRoot(bodies: transactions.map(\.transaction))
    }

    /// The ``Common/MerkleList`` root of `bodies`' bytes, in order.
    public static func txsRoot(bodies: [Transaction]) -> Hash {
        MerkleList.root(bodies.map(\.canonicalBytes))
    }
}

extension Block: CanonicalCodable {
    /// `header || list<transaction>`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(header)
        writer.writeList(transactions)
    }

    /// Reads the header then at most ``maxTransactions`` transactions.
    public init(from reader: inout ByteReader) throws(CodecError) {
        header = try reader.read(BlockHeader.self)
        transactions = try reader.readList(SignedTransaction.self, cap: Self.maxTransactions, "transactions")
    }
}
