import Bridge
import Common
import L2Runtime

/// Where a ``BatchChainVerifier`` stands: the genesis it rebuilt from (block 0's hash), the last batch it
/// verified and that batch's last block header. Kept beside a durable state tree, it lets a verifier resume
/// after the last verified batch instead of re-executing the chain from its genesis.
///
/// Canonical bytes: `u8(1) || genesis_hash || optional(last commitment) || tip header`.
public struct VerifierCheckpoint: Hashable, Sendable {
    /// Block 0's hash.
    public var genesisHash: Hash
    /// The last verified commitment, `nil` before the first batch.
    public var last: BatchCommitment?
    /// The last verified block's header (block 0's before the first batch).
    public var tip: BlockHeader

    /// A checkpoint.
    public init(genesisHash: Hash, last: BatchCommitment?, tip: BlockHeader) {
        self.genesisHash = genesisHash
        self.last = last
        self.tip = tip
    }

    static let version: UInt8 = 1
}

extension VerifierCheckpoint: CanonicalCodable {
    /// The version byte, then the fields in order.
    public func encode(to writer: inout ByteWriter) {
        writer.write(Self.version)
        writer.write(genesisHash)
        writer.writeOptional(last)
        writer.write(tip)
    }

    /// Reads a version-1 checkpoint.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let offset = reader.offset
        let version = try reader.readUInt8("checkpoint version")
        guard version == Self.version else {
            throw .invalidValue(what: "checkpoint version", offset: offset, reason: "version \(version) is unknown")
        }
        genesisHash = try reader.readHash("genesis hash")
        last = try reader.readOptional(BatchCommitment.self)
        tip = try reader.read(BlockHeader.self)
    }
}

/// Why a verifier cannot resume from a checkpoint and a state tree.
public enum VerifierResumeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The checkpoint was made from another genesis.
    case otherGenesis(checkpoint: Hash, genesis: Hash)
    /// The tree is not at the checkpoint's block (a run stopped between committing a batch's state and saving
    /// its checkpoint, or the files are from different runs).
    case stateElsewhere(treeVersion: UInt64?, checkpointBlock: UInt64)
    /// The tree is at the checkpoint's block but not at its state root.
    case stateRootMismatch(tree: Hash, checkpoint: Hash)

    public var description: String {
        switch self {
        case .otherGenesis(let checkpoint, let genesis):
            "the checkpoint was made from the genesis of block 0 \(checkpoint), not this genesis's \(genesis)"
        case .stateElsewhere(let version, let block):
            "the state is at \(version.map { "block \($0)" } ?? "no block") but the checkpoint at block \(block)"
        case .stateRootMismatch(let tree, let checkpoint):
            "the state's root \(tree) is not the checkpoint's \(checkpoint)"
        }
    }
}
