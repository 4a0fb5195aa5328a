import Common

/// What validators send each other on the consensus channels.
public enum ConsensusMessage: Hashable, Sendable {
    /// A signed proposal with its block.
    case proposal(SignedProposal, Block)
    /// A signed vote.
    case vote(SignedVote)
    /// Verified evidence of an equivocation.
    case evidence(DuplicateVoteEvidence)
    /// "Send me the decided block of this height" (a lagging node asks a peer that is ahead).
    case commitRequest(Height)
    /// A decided block with the commit that proves it (block sync and catch-up).
    case decidedBlock(Block, Commit)

    /// The largest encoded message (a full block plus its commit).
    public static let maxBytes = 5 << 20
}

extension ConsensusMessage: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .proposal(let proposal, let block):
            writer.write(UInt8(1))
            writer.write(proposal)
            writer.write(block)
        case .vote(let vote):
            writer.write(UInt8(2))
            writer.write(vote)
        case .evidence(let evidence):
            writer.write(UInt8(3))
            writer.write(evidence)
        case .commitRequest(let height):
            writer.write(UInt8(4))
            writer.write(height)
        case .decidedBlock(let block, let commit):
            writer.write(UInt8(5))
            writer.write(block)
            writer.write(commit)
        }
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        let at = reader.offset
        switch try reader.readUInt8("consensus message kind") {
        case 1: self = .proposal(try reader.read(SignedProposal.self), try reader.read(Block.self))
        case 2: self = .vote(try reader.read(SignedVote.self))
        case 3: self = .evidence(try reader.read(DuplicateVoteEvidence.self))
        case 4: self = .commitRequest(try reader.read(Height.self))
        case 5: self = .decidedBlock(try reader.read(Block.self), try reader.read(Commit.self))
        case let tag: throw .unknownTag(what: "consensus message kind", offset: at, tag: UInt64(tag))
        }
    }
}
