import Common
import L2Runtime

/// What L1 records for a batch, and what the next batch names as its parent (by ``hash``).
///
/// It binds the batch's place in the rollup's batch chain (index, parent), the blocks it carries (their range
/// and the ``Common/MerkleList`` root of their full headers, each with its post-state root, so a fraud proof
/// can point at one block), the state the batch ends in, the inbox messages it consumed, and its bytes (the
/// data hash, which also binds the dictionary the batch names).
public struct BatchCommitment: Hashable, Sendable {
    /// The most bytes of a rollup id (as a chain id).
    public static let maxRollupIDBytes = 50

    /// The rollup: its L2 chain id.
    public var rollupID: String
    /// The batch's position in the rollup's batch chain: 0, 1, 2...
    public var batchIndex: UInt64
    /// The previous batch's ``hash``; all zeros for batch 0.
    public var parentBatchHash: Hash
    /// The number of the batch's first block.
    public var firstBlock: UInt64
    /// The number of its last block (inclusive).
    public var lastBlock: UInt64
    /// ``headersRoot(_:)`` of the batch's block headers.
    public var headersRoot: Hash
    /// The state root after the last block (its header's state root).
    public var finalStateRoot: Hash
    /// How many L1 inbox messages (deposits, forced transactions) the batch consumed; 0 until the inbox lands.
    public var inboxMessagesConsumed: UInt64
    /// BLAKE2b-256 of the batch data (``EncodedBatch/dataHash``).
    public var dataHash: Hash

    /// Creates a commitment from its fields.
    public init(
        rollupID: String, batchIndex: UInt64, parentBatchHash: Hash, firstBlock: UInt64, lastBlock: UInt64,
        headersRoot: Hash, finalStateRoot: Hash, inboxMessagesConsumed: UInt64, dataHash: Hash
    ) {
        self.rollupID = rollupID
        self.batchIndex = batchIndex
        self.parentBatchHash = parentBatchHash
        self.firstBlock = firstBlock
        self.lastBlock = lastBlock
        self.headersRoot = headersRoot
        self.finalStateRoot = finalStateRoot
        self.inboxMessagesConsumed = inboxMessagesConsumed
        self.dataHash = dataHash
    }

    /// The commitment of `batch`, which carries `blocks` (at least one), as batch `batchIndex` after the batch
    /// whose hash is `parentBatchHash`.
    public init(
        rollupID: String, batchIndex: UInt64, parentBatchHash: Hash, blocks: [Block], batch: EncodedBatch,
        inboxMessagesConsumed: UInt64 = 0
    ) {
        precondition(!blocks.isEmpty, "a batch carries at least one block")
        let headers = blocks.map(\.header)
        self.init(
            rollupID: rollupID, batchIndex: batchIndex, parentBatchHash: parentBatchHash,
            firstBlock: headers[0].number, lastBlock: headers[headers.count - 1].number,
            headersRoot: Self.headersRoot(headers), finalStateRoot: headers[headers.count - 1].stateRoot,
            inboxMessagesConsumed: inboxMessagesConsumed, dataHash: batch.dataHash)
    }

    /// The batch hash: BLAKE2b-256 of the canonical bytes.
    public var hash: Hash { Hash.blake2b(canonicalBytes) }

    /// The ``Common/MerkleList`` root of the headers' canonical bytes, in order.
    public static func headersRoot(_ headers: [BlockHeader]) -> Hash {
        MerkleList.root(headers.map(\.canonicalBytes))
    }
}

extension BatchCommitment: CanonicalCodable {
    /// `string(rollupID) || varint(batchIndex) || parentBatchHash || varint(firstBlock) || varint(lastBlock) ||
    /// headersRoot || finalStateRoot || varint(inboxMessagesConsumed) || dataHash`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(rollupID)
        writer.writeVarint(batchIndex)
        writer.write(parentBatchHash)
        writer.writeVarint(firstBlock)
        writer.writeVarint(lastBlock)
        writer.write(headersRoot)
        writer.write(finalStateRoot)
        writer.writeVarint(inboxMessagesConsumed)
        writer.write(dataHash)
    }

    /// Reads the fields in order; the last block may not come before the first.
    public init(from reader: inout ByteReader) throws(CodecError) {
        rollupID = try reader.readString(cap: Self.maxRollupIDBytes, "rollup id")
        batchIndex = try reader.readVarint(UInt64.self, "batch index")
        parentBatchHash = try reader.readHash("parent batch hash")
        firstBlock = try reader.readVarint(UInt64.self, "first block")
        let offset = reader.offset
        lastBlock = try reader.readVarint(UInt64.self, "last block")
        guard lastBlock >= firstBlock else {
            throw .invalidValue(
                what: "last block", offset: offset, reason: "block \(lastBlock) comes before the first, \(firstBlock)")
        }
        headersRoot = try reader.readHash("headers root")
        finalStateRoot = try reader.readHash("final state root")
        inboxMessagesConsumed = try reader.readVarint(UInt64.self, "inbox messages consumed")
        dataHash = try reader.readHash("data hash")
    }
}

extension BatchCommitment {
    /// Whether this commitment may follow `previous` (or start the chain when `previous` is `nil`): the next
    /// index, the previous hash as parent, and the next block after the previous range.
    public func follows(_ previous: BatchCommitment?) -> Bool {
        guard let previous else { return batchIndex == 0 && parentBatchHash == .zero }
        return batchIndex == previous.batchIndex &+ 1 && parentBatchHash == previous.hash
            && firstBlock == previous.lastBlock &+ 1 && rollupID == previous.rollupID
    }
}
