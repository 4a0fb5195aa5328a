import Common

// The WAL stores inputs in this encoding. `startHeight` is never journaled: the node derives it from its chain
// state when it starts or replays a height.

extension BlockVerdict: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(isValid)
        writer.write(isTimely)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        isValid = try reader.readBool("verdict valid")
        isTimely = try reader.readBool("verdict timely")
    }
}

extension Timeout: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(height)
        writer.write(round)
        writer.write(step.rawValue)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        height = try reader.read(Height.self)
        round = try reader.read(Round.self)
        let at = reader.offset
        let tag = try reader.readUInt8("timeout step")
        guard let step = TimeoutStep(rawValue: tag) else {
            throw .unknownTag(what: "timeout step", offset: at, tag: UInt64(tag))
        }
        self.step = step
    }
}

extension ConsensusInput {
    /// The journaled form of this input, or nil for `startHeight` (never journaled).
    public var journalBytes: [UInt8]? {
        var writer = ByteWriter()
        switch self {
        case .startHeight: return nil
        case .proposal(let proposal, let block, let verdict):
            writer.write(UInt8(1))
            writer.write(proposal)
            writer.write(block)
            writer.write(verdict)
        case .vote(let vote):
            writer.write(UInt8(2))
            writer.write(vote)
        case .timeout(let timeout):
            writer.write(UInt8(3))
            writer.write(timeout)
        case .proposalBlock(let block):
            writer.write(UInt8(4))
            writer.write(block)
        case .committedBlock(let block):
            writer.write(UInt8(5))
            writer.write(block)
        }
        return writer.bytes
    }

    /// Decodes a journaled input.
    public init(journalBytes bytes: [UInt8]) throws(CodecError) {
        var reader = ByteReader(bytes)
        let at = reader.offset
        switch try reader.readUInt8("input kind") {
        case 1:
            self = .proposal(
                try reader.read(SignedProposal.self), try reader.read(Block.self), try reader.read(BlockVerdict.self))
        case 2: self = .vote(try reader.read(SignedVote.self))
        case 3: self = .timeout(try reader.read(Timeout.self))
        case 4: self = .proposalBlock(try reader.read(Block.self))
        case 5: self = .committedBlock(try reader.read(Block.self))
        case let tag: throw .unknownTag(what: "input kind", offset: at, tag: UInt64(tag))
        }
        try reader.expectEnd()
    }

    /// The height the input belongs to (nil for `startHeight`).
    public var height: Height? {
        switch self {
        case .startHeight: nil
        case .proposal(let proposal, _, _): proposal.proposal.height
        case .vote(let vote): vote.vote.height
        case .timeout(let timeout): timeout.height
        case .proposalBlock(let block), .committedBlock(let block): block.height
        }
    }
}
