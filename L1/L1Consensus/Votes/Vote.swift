import Common

/// The two kinds of vote in a Tendermint round.
public enum VoteType: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// A first-phase vote: "I saw this proposal and it is acceptable" (or nil).
    case prevote = 1
    /// A second-phase vote: "I saw +2/3 prevotes for this block" (or nil); +2/3 of them commit the block.
    case precommit = 2

    public var description: String { self == .prevote ? "prevote" : "precommit" }
}

/// What a validator votes for, before it is signed. A `nil` block votes for no block in this round.
public struct Vote: Hashable, Sendable {
    /// Prevote or precommit.
    public let type: VoteType
    /// The height voted on.
    public let height: Height
    /// The round voted in.
    public let round: Round
    /// The block voted for, or nil for a nil vote.
    public let blockID: BlockID?

    /// A vote of `type` at `height`/`round` for `blockID` (nil votes for nothing).
    public init(type: VoteType, height: Height, round: Round, blockID: BlockID?) {
        self.type = type
        self.height = height
        self.round = round
        self.blockID = blockID
    }

    /// The 32 bytes a validator signs for this vote on chain `chainID`:
    /// `signingDigest(strata/l1/vote/v1, chainID, canonical vote)`.
    public func signBytes(chainID: String) -> [UInt8] {
        signingDigest(domain: .l1Vote, chainID: chainID, message: canonicalBytes).bytes
    }
}

/// A vote with its signer (by index in the height's validator set) and Ed25519 signature.
public struct SignedVote: Hashable, Sendable {
    /// The vote.
    public let vote: Vote
    /// The signer's index in the validator set of `vote.height`.
    public let validatorIndex: UInt32
    /// The signature over `vote.signBytes(chainID:)`.
    public let signature: Ed25519Signature

    /// A signed vote.
    public init(vote: Vote, validatorIndex: UInt32, signature: Ed25519Signature) {
        self.vote = vote
        self.validatorIndex = validatorIndex
        self.signature = signature
    }

    /// Whether the signature is valid for `publicKey` on `chainID`.
    public func verify(publicKey: Ed25519PublicKey, chainID: String) -> Bool {
        publicKey.verify(signature, message: vote.signBytes(chainID: chainID))
    }
}

extension Vote: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(type.rawValue)
        writer.write(height)
        writer.write(round)
        writer.writeOptional(blockID)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        let at = reader.offset
        let tag = try reader.readUInt8("vote type")
        guard let type = VoteType(rawValue: tag) else {
            throw .unknownTag(what: "vote type", offset: at, tag: UInt64(tag))
        }
        self.type = type
        height = try reader.read(Height.self)
        round = try reader.read(Round.self)
        blockID = try reader.readOptional(BlockID.self)
    }
}

extension SignedVote: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(vote)
        writer.writeVarint(validatorIndex)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        vote = try reader.read(Vote.self)
        validatorIndex = try reader.readVarint(UInt32.self, "validator index")
        signature = try reader.read(Ed25519Signature.self)
    }
}
