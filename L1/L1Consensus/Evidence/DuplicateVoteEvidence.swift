import Common

/// Proof that a validator signed two different votes of the same type at the same height and round.
/// The two votes are stored in canonical order (the nil vote first, then by block id), so the same
/// equivocation always has the same encoding and hash, whoever saw it.
public struct DuplicateVoteEvidence: Hashable, Sendable {
    /// The first conflicting vote (canonical order).
    public let voteA: SignedVote
    /// The second conflicting vote.
    public let voteB: SignedVote
    /// The equivocating validator's address.
    public let validatorAddress: Address
    /// Its voting power at the evidence height.
    public let validatorPower: Int64
    /// The total voting power at the evidence height.
    public let totalVotingPower: Int64
    /// The time of the block at the evidence height (for expiry by age).
    public let time: Timestamp

    /// Evidence from two conflicting votes, put in canonical order; nil when the votes do not conflict.
    public init?(
        _ first: SignedVote, _ second: SignedVote, validator: Validator, totalVotingPower: Int64, time: Timestamp
    ) {
        guard first.vote.type == second.vote.type, first.vote.height == second.vote.height,
            first.vote.round == second.vote.round, first.validatorIndex == second.validatorIndex,
            first.vote.blockID != second.vote.blockID
        else { return nil }
        let ordered = Self.precedes(first.vote.blockID, second.vote.blockID)
        voteA = ordered ? first : second
        voteB = ordered ? second : first
        validatorAddress = validator.address
        validatorPower = validator.votingPower
        self.totalVotingPower = totalVotingPower
        self.time = time
    }

    static func precedes(_ lhs: BlockID?, _ rhs: BlockID?) -> Bool {
        switch (lhs, rhs) {
        case (nil, _): true
        case (_, nil): false
        case (let l?, let r?): l < r
        }
    }

    /// The height of the equivocation.
    public var height: Height { voteA.vote.height }

    /// The offence this evidence proves: who equivocated, where. Several pairs of twin votes can prove the same
    /// offence; it is punished once.
    public var offence: EvidenceOffence {
        EvidenceOffence(
            validator: validatorAddress, height: voteA.vote.height, round: voteA.vote.round, type: voteA.vote.type)
    }

    /// The evidence hash (BLAKE2b-256 of the canonical encoding); the evidence pool dedupes by it.
    public var hash: Hash { Hash.blake2b(canonicalBytes) }

    /// Checks the evidence against the validator set of its height: same type/height/round/signer, different
    /// blocks, canonical order, matching address and powers, and both signatures valid.
    public func verify(chainID: String, validators: ValidatorSet) throws(EvidenceError) {
        let a = voteA.vote
        let b = voteB.vote
        guard a.type == b.type, a.height == b.height, a.round == b.round,
            voteA.validatorIndex == voteB.validatorIndex
        else { throw .notConflicting("votes differ in type, height, round or signer") }
        guard a.blockID != b.blockID else { throw .notConflicting("both votes are for the same block") }
        guard Self.precedes(a.blockID, b.blockID) else { throw .notCanonical }
        guard let validator = validators.validator(at: Int(voteA.validatorIndex)),
            validator.address == validatorAddress
        else { throw .unknownValidator(validatorAddress.hex) }
        guard validator.votingPower == validatorPower, validators.totalVotingPower == totalVotingPower else {
            throw .wrongPower
        }
        guard voteA.verify(publicKey: validator.publicKey, chainID: chainID),
            voteB.verify(publicKey: validator.publicKey, chainID: chainID)
        else { throw .badSignature }
    }
}

/// One equivocation: a validator signing two different votes of one type at one height and round.
public struct EvidenceOffence: Hashable, Sendable {
    /// The equivocating validator.
    public let validator: Address
    /// The height.
    public let height: Height
    /// The round.
    public let round: Round
    /// The vote type.
    public let type: VoteType
}

/// Why evidence was refused.
public enum EvidenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The two votes do not form an equivocation.
    case notConflicting(String)
    /// The votes are not in canonical order.
    case notCanonical
    /// The signer is not in the validator set of the evidence height.
    case unknownValidator(String)
    /// The recorded powers do not match the validator set.
    case wrongPower
    /// A vote's signature does not verify.
    case badSignature
    /// The evidence is older than the maximum age.
    case expired(height: Height)
    /// The evidence is from a height that is not yet committed.
    case fromFuture(height: Height)
    /// The evidence was already committed.
    case alreadyCommitted
    /// The validator set of the evidence height is no longer known.
    case unknownHeight(Height)
    /// The evidence pool is full.
    case poolFull(capacity: Int)

    public var description: String {
        switch self {
        case .notConflicting(let why): "not an equivocation: \(why)"
        case .notCanonical: "evidence votes are not in canonical order"
        case .unknownValidator(let address): "validator \(address) is not in the set of the evidence height"
        case .wrongPower: "evidence powers do not match the validator set"
        case .badSignature: "an evidence vote signature does not verify"
        case .expired(let height): "evidence from height \(height) is too old"
        case .fromFuture(let height): "evidence from height \(height) is not yet committed"
        case .alreadyCommitted: "evidence was already committed"
        case .unknownHeight(let height): "no validator set is known for height \(height)"
        case .poolFull(let capacity): "the evidence pool is full (\(capacity) items)"
        }
    }
}

extension DuplicateVoteEvidence: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(voteA)
        writer.write(voteB)
        writer.write(validatorAddress)
        writer.writeVarint(UInt64(validatorPower))
        writer.writeVarint(UInt64(totalVotingPower))
        writer.write(time)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        voteA = try reader.read(SignedVote.self)
        voteB = try reader.read(SignedVote.self)
        validatorAddress = try reader.read(Address.self)
        let at = reader.offset
        let power = try reader.readVarint(UInt64.self, "validator power")
        let total = try reader.readVarint(UInt64.self, "total voting power")
        guard power <= UInt64(ValidatorSet.maxTotalVotingPower), total <= UInt64(ValidatorSet.maxTotalVotingPower)
        else { throw .invalidValue(what: "evidence power", offset: at, reason: "above the maximum total power") }
        validatorPower = Int64(power)
        totalVotingPower = Int64(total)
        time = try reader.read(Timestamp.self)
    }
}
