import Common

/// A proposer's claim that `blockID` is its proposal for `height`/`round`. `polRound` is the round in which the
/// block got +2/3 prevotes when it is re-proposed (the proof-of-lock round), or nil for a fresh block.
public struct Proposal: Hashable, Sendable {
    /// The height proposed for.
    public let height: Height
    /// The round proposed in.
    public let round: Round
    /// The round of the polka that justifies re-proposing the block, or nil.
    public let polRound: Round?
    /// The proposed block.
    public let blockID: BlockID

    /// A proposal.
    public init(height: Height, round: Round, polRound: Round?, blockID: BlockID) {
        self.height = height
        self.round = round
        self.polRound = polRound
        self.blockID = blockID
    }

    /// The 32 bytes the proposer signs: `signingDigest(strata/l1/proposal/v1, chainID, canonical proposal)`.
    public func signBytes(chainID: String) -> [UInt8] {
        signingDigest(domain: .l1Proposal, chainID: chainID, message: canonicalBytes).bytes
    }
}

/// A proposal with the proposer's signature.
public struct SignedProposal: Hashable, Sendable {
    /// The proposal.
    public let proposal: Proposal
    /// The proposer's signature over `proposal.signBytes(chainID:)`.
    public let signature: Ed25519Signature

    /// A signed proposal.
    public init(proposal: Proposal, signature: Ed25519Signature) {
        self.proposal = proposal
        self.signature = signature
    }

    /// Whether the signature is valid for `publicKey` on `chainID`.
    public func verify(publicKey: Ed25519PublicKey, chainID: String) -> Bool {
        publicKey.verify(signature, message: proposal.signBytes(chainID: chainID))
    }
}

extension Proposal: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(height)
        writer.write(round)
        writer.writeOptional(polRound)
        writer.write(blockID)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        height = try reader.read(Height.self)
        let roundAt = reader.offset
        round = try reader.read(Round.self)
        polRound = try reader.readOptional(Round.self)
        if let polRound, polRound >= round {
            throw .invalidValue(what: "proposal pol round", offset: roundAt, reason: "must be below the round")
        }
        blockID = try reader.read(BlockID.self)
    }
}

extension SignedProposal: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(proposal)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        proposal = try reader.read(Proposal.self)
        signature = try reader.read(Ed25519Signature.self)
    }
}
