import Common

/// An L2 block's header: its place in the chain and the commitments to what it holds and what it did.
///
/// The block hash is BLAKE2b-256 of the header's canonical bytes. The header commits to the transactions
/// (``txsRoot``), to their receipts (``receiptsRoot``) and to the state after them (``stateRoot``), so a
/// verifier that re-executes the block compares three roots.
public struct BlockHeader: Hashable, Sendable {
    /// The block number: 0 is the genesis block, then one more per block.
    public var number: UInt64
    /// The hash of the previous block's header (all zeros for the genesis block).
    public var parentHash: Hash
    /// The sequencer's time for the block, in milliseconds since the Unix epoch; never below the parent's.
    public var timestampMillis: UInt64
    /// The number of transactions in the block.
    public var transactionCount: UInt32
    /// ``Common/MerkleList`` root of the transactions' bytes, in block order.
    public var txsRoot: Hash
    /// ``Common/MerkleList`` root of the receipts' canonical bytes, in block order.
    public var receiptsRoot: Hash
    /// The state root after the block's transactions.
    public var stateRoot: Hash

    /// Creates a header.
    public init(
        number: UInt64, parentHash: Hash, timestampMillis: UInt64, transactionCount: UInt32, txsRoot: Hash,
        receiptsRoot: Hash, stateRoot: Hash
    ) {
        self.number = number
        self.parentHash = parentHash
        self.timestampMillis = timestampMillis
        self.transactionCount = transactionCount
        self.txsRoot = txsRoot
        self.receiptsRoot = receiptsRoot
        self.stateRoot = stateRoot
    }

    /// The block hash: BLAKE2b-256 of the canonical bytes.
    public var hash: Hash { Hash.blake2b(canonicalBytes) }
}

extension BlockHeader: CanonicalCodable {
    /// `varint(number) || parentHash || varint(timestampMillis) || varint(transactionCount) || txsRoot ||
    /// receiptsRoot || stateRoot`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeVarint(number)
        writer.write(parentHash)
        writer.writeVarint(timestampMillis)
        writer.writeVarint(transactionCount)
        writer.write(txsRoot)
        writer.write(receiptsRoot)
        writer.write(stateRoot)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        number = try reader.readVarint(UInt64.self, "block number")
        parentHash = try reader.readHash("parent hash")
        timestampMillis = try reader.readVarint(UInt64.self, "timestamp")
        transactionCount = try reader.readVarint(UInt32.self, "transaction count")
        txsRoot = try reader.readHash("txs root")
        receiptsRoot = try reader.readHash("receipts root")
        stateRoot = try reader.readHash("state root")
    }
}
