import Common

/// A block header. Its canonical encoding's BLAKE2b-256 is the block's ``BlockID``.
public struct Header: Hashable, Sendable {
    /// The chain the block belongs to.
    public var chainID: String
    /// The block's height.
    public var height: Height
    /// The block time chosen by the proposer (strictly after the previous block's time).
    public var time: Timestamp
    /// The previous block, or nil at height 1.
    public var lastBlockID: BlockID?
    /// Hash of the commit for the previous block (``Commit/hash``), zero at height 1.
    public var lastCommitHash: Hash
    /// List Merkle root of the transactions.
    public var dataHash: Hash
    /// Hash of the validator set that decides this block.
    public var validatorsHash: Hash
    /// Hash of the validator set that decides the next block.
    public var nextValidatorsHash: Hash
    /// The application's state root after the previous block.
    public var appHash: Hash
    /// List Merkle root of the previous block's transaction results.
    public var lastResultsHash: Hash
    /// List Merkle root of the evidence hashes in this block.
    public var evidenceHash: Hash
    /// The proposer's validator address.
    public var proposerAddress: Address

    /// A header.
    public init(
        chainID: String, height: Height, time: Timestamp, lastBlockID: BlockID?, lastCommitHash: Hash,
        dataHash: Hash, validatorsHash: Hash, nextValidatorsHash: Hash, appHash: Hash, lastResultsHash: Hash,
        evidenceHash: Hash, proposerAddress: Address
    ) {
        self.chainID = chainID
        self.height = height
        self.time = time
        self.lastBlockID = lastBlockID
        self.lastCommitHash = lastCommitHash
        self.dataHash = dataHash
        self.validatorsHash = validatorsHash
        self.nextValidatorsHash = nextValidatorsHash
        self.appHash = appHash
        self.lastResultsHash = lastResultsHash
        self.evidenceHash = evidenceHash
        self.proposerAddress = proposerAddress
    }

    /// The longest chain id.
    public static let maxChainIDBytes = 64

    /// The block's identity: BLAKE2b-256 of this header's canonical encoding.
    public var blockID: BlockID { BlockID(Hash.blake2b(canonicalBytes)) }
}

extension Header: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(chainID)
        writer.write(height)
        writer.write(time)
        writer.writeOptional(lastBlockID)
        writer.write(lastCommitHash)
        writer.write(dataHash)
        writer.write(validatorsHash)
        writer.write(nextValidatorsHash)
        writer.write(appHash)
        writer.write(lastResultsHash)
        writer.write(evidenceHash)
        writer.write(proposerAddress)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        chainID = try reader.readString(cap: Self.maxChainIDBytes, "chain id")
        height = try reader.read(Height.self)
        time = try reader.read(Timestamp.self)
        lastBlockID = try reader.readOptional(BlockID.self)
        lastCommitHash = try reader.readHash("last commit hash")
        dataHash = try reader.readHash("data hash")
        validatorsHash = try reader.readHash("validators hash")
        nextValidatorsHash = try reader.readHash("next validators hash")
        appHash = try reader.readHash("app hash")
        lastResultsHash = try reader.readHash("last results hash")
        evidenceHash = try reader.readHash("evidence hash")
        proposerAddress = try reader.read(Address.self)
    }
}
