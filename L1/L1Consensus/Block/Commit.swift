import Common

/// One validator's entry in a commit, in validator-set order.
public enum CommitSignature: Hashable, Sendable {
    /// No precommit from this validator was included.
    case absent
    /// A precommit for the committed block.
    case commit(Ed25519Signature)
    /// A precommit for nil in the commit round.
    case nilVote(Ed25519Signature)
}

/// The proof that a block was decided: the precommits of round `round` for `blockID`, one entry per validator of
/// the height's set. More than two thirds of the voting power must have signed `.commit`.
public struct Commit: Hashable, Sendable {
    /// The committed height.
    public let height: Height
    /// The round whose precommits decided the block.
    public let round: Round
    /// The committed block.
    public let blockID: BlockID
    /// One entry per validator, in the canonical order of the height's set.
    public let signatures: [CommitSignature]

    /// A commit.
    public init(height: Height, round: Round, blockID: BlockID, signatures: [CommitSignature]) {
        self.height = height
        self.round = round
        self.blockID = blockID
        self.signatures = signatures
    }

    /// The hash a header stores for its previous block's commit.
    public var hash: Hash { Hash.blake2b(canonicalBytes) }

    /// The precommit a `.commit` or `.nilVote` entry stands for.
    public func vote(forEntry entry: CommitSignature) -> Vote? {
        switch entry {
        case .absent: nil
        case .commit: Vote(type: .precommit, height: height, round: round, blockID: blockID)
        case .nilVote: Vote(type: .precommit, height: height, round: round, blockID: nil)
        }
    }

    /// Checks every signature against `validators` (the set of `height`) and that more than two thirds of the
    /// voting power committed `blockID`. Throws a ``CommitError`` naming the first problem.
    public func verify(chainID: String, validators: ValidatorSet) throws(CommitError) {
        guard signatures.count == validators.count else {
            throw .wrongSize(expected: validators.count, actual: signatures.count)
        }
        var committed: Int64 = 0
        for (index, entry) in signatures.enumerated() {
            let signature: Ed25519Signature
            switch entry {
            case .absent: continue
            case .commit(let s), .nilVote(let s): signature = s
            }
            guard let vote = vote(forEntry: entry) else { continue }
            let validator = validators.validators[index]
            guard validator.publicKey.verify(signature, message: vote.signBytes(chainID: chainID)) else {
                throw .badSignature(index: index)
            }
            if case .commit = entry { committed += validator.votingPower }
        }
        guard validators.isQuorum(committed) else {
            throw .insufficientPower(committed: committed, total: validators.totalVotingPower)
        }
    }
}

/// Why a commit does not prove its block.
public enum CommitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The commit has a different number of entries than the validator set.
    case wrongSize(expected: Int, actual: Int)
    /// The signature of the validator at `index` does not verify.
    case badSignature(index: Int)
    /// The committing validators hold two thirds of the power or less.
    case insufficientPower(committed: Int64, total: Int64)
    /// The commit is for another height or block than the one it is checked against.
    case wrongBlock(String)

    public var description: String {
        switch self {
        case .wrongSize(let expected, let actual): "commit has \(actual) entries, the validator set has \(expected)"
        case .badSignature(let index): "commit signature of validator \(index) does not verify"
        case .insufficientPower(let committed, let total):
            "commit carries power \(committed) of \(total): not more than two thirds"
        case .wrongBlock(let reason): "commit is for the wrong block: \(reason)"
        }
    }
}

extension CommitSignature: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .absent: writer.write(UInt8(0))
        case .commit(let signature):
            writer.write(UInt8(1))
            writer.write(signature)
        case .nilVote(let signature):
            writer.write(UInt8(2))
            writer.write(signature)
        }
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        let at = reader.offset
        switch try reader.readUInt8("commit signature flag") {
        case 0: self = .absent
        case 1: self = .commit(try reader.read(Ed25519Signature.self))
        case 2: self = .nilVote(try reader.read(Ed25519Signature.self))
        case let tag: throw .unknownTag(what: "commit signature flag", offset: at, tag: UInt64(tag))
        }
    }
}

extension Commit: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(height)
        writer.write(round)
        writer.write(blockID)
        writer.writeList(signatures)
    }

    public init(from reader: inout ByteReader) throws(CodecError) {
        height = try reader.read(Height.self)
        round = try reader.read(Round.self)
        blockID = try reader.read(BlockID.self)
        signatures = try reader.readList(CommitSignature.self, cap: ValidatorSet.maxValidators, "commit signatures")
    }
}
