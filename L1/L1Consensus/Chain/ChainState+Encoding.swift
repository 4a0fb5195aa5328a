import Common

// The stored forms of the chain state, its validator sets and its parameters: what a node writes after every
// block and reads back after a restart. Unlike the hashed form of a validator (key and power), the stored form
// keeps each proposer priority, so the proposer rotation resumes exactly where it stopped. Signed integers are
// zigzag varints; durations are whole nanoseconds.

extension ValidatorSet: CanonicalCodable {
    /// `varint(count)`, then per member in canonical order:
    /// `public key (32) || varint(voting power) || zigzag varint(proposer priority)`, then the proposer chosen by
    /// the last rotation: `0x00` (never rotated) or `0x01 || varint(index)`. The priorities alone do not tell who
    /// that was, and every node must agree on the proposer after a restart.
    public func encode(to writer: inout ByteWriter) {
        writer.writeLength(validators.count)
        for validator in validators {
            writer.write(validator.publicKey)
            writer.writeVarint(UInt64(validator.votingPower))
            writer.writeVarint(ZigZag.encode(validator.proposerPriority))
        }
        if let rotatedProposerIndex {
            writer.write(UInt8(1))
            writer.writeVarint(UInt64(rotatedProposerIndex))
        } else {
            writer.write(UInt8(0))
        }
    }

    /// Reads a set; rejects a member list that is empty, too long, has a duplicate or a non-positive power, has a
    /// total power over the maximum, or is not in canonical order (so each set has exactly one encoding).
    public init(from reader: inout ByteReader) throws(CodecError) {
        let start = reader.offset
        let count = try reader.readLength(cap: Self.maxValidators, "validator count")
        var members = [Validator]()
        members.reserveCapacity(min(count, reader.remaining))
        for _ in 0..<count {
            let key = try reader.read(Ed25519PublicKey.self)
            let at = reader.offset
            let power = try reader.readVarint(UInt64.self, "voting power")
            guard power <= UInt64(Self.maxTotalVotingPower) else {
                throw .invalidValue(what: "voting power", offset: at, reason: "above the maximum total power")
            }
            let priority = ZigZag.decode(try reader.readVarint(UInt64.self, "proposer priority"))
            members.append(Validator(publicKey: key, votingPower: Int64(power), proposerPriority: priority))
        }
        let flagAt = reader.offset
        var lastProposer: Address?
        switch try reader.readUInt8("last proposer flag") {
        case 0: break
        case 1:
            let indexAt = reader.offset
            let index = try reader.readVarint(UInt64.self, "last proposer index")
            guard index < UInt64(members.count) else {
                throw .invalidValue(what: "last proposer index", offset: indexAt, reason: "not a member")
            }
            lastProposer = members[Int(index)].address
        case let tag: throw .unknownTag(what: "last proposer flag", offset: flagAt, tag: UInt64(tag))
        }
        let set: ValidatorSet
        do {
            set = try ValidatorSet(validators: members, lastProposer: lastProposer)
        } catch {
            throw .invalidValue(what: "validator set", offset: start, reason: error.description)
        }
        guard set.validators == members else {
            throw .invalidValue(what: "validator set", offset: start, reason: "members are not in canonical order")
        }
        self = set
    }
}

extension ConsensusParams: CanonicalCodable {
    /// `varint(maxBlockBytes) || varint(maxEvidenceBytes) || varint(evidenceMaxAgeBlocks) ||
    /// varint(evidenceMaxAge ns) || varint(timelyPrecision ns) || varint(timelyMessageDelay ns)`; a negative size
    /// or duration is written as 0.
    public func encode(to writer: inout ByteWriter) {
        writer.writeVarint(UInt64(max(maxBlockBytes, 0)))
        writer.writeVarint(UInt64(max(maxEvidenceBytes, 0)))
        writer.writeVarint(evidenceMaxAgeBlocks)
        writer.writeVarint(evidenceMaxAge.nanosecondsClamped)
        writer.writeVarint(timelyPrecision.nanosecondsClamped)
        writer.writeVarint(timelyMessageDelay.nanosecondsClamped)
    }

    /// Reads the parameters; sizes must fit an `Int`, durations an `Int64` of nanoseconds.
    public init(from reader: inout ByteReader) throws(CodecError) {
        func size(_ what: String) throws(CodecError) -> Int {
            let at = reader.offset
            let value = try reader.readVarint(UInt64.self, what)
            guard let size = Int(exactly: value) else {
                throw .invalidValue(what: what, offset: at, reason: "does not fit a machine integer")
            }
            return size
        }
        func duration(_ what: String) throws(CodecError) -> Duration {
            let at = reader.offset
            let value = try reader.readVarint(UInt64.self, what)
            guard let nanoseconds = Int64(exactly: value) else {
                throw .invalidValue(what: what, offset: at, reason: "above 2^63 - 1 nanoseconds")
            }
            return .nanoseconds(nanoseconds)
        }
        let maxBlockBytes = try size("max block bytes")
        let maxEvidenceBytes = try size("max evidence bytes")
        let evidenceMaxAgeBlocks = try reader.readVarint(UInt64.self, "evidence max age blocks")
        self.init(
            maxBlockBytes: maxBlockBytes, maxEvidenceBytes: maxEvidenceBytes,
            evidenceMaxAgeBlocks: evidenceMaxAgeBlocks, evidenceMaxAge: try duration("evidence max age"),
            timelyPrecision: try duration("timely precision"), timelyMessageDelay: try duration("timely message delay"))
    }
}

extension ChainState: CanonicalCodable {
    /// `string(chainID) || params || genesisTime || lastBlockHeight || optional(lastBlockID) || lastBlockTime ||
    /// optional(lastValidators) || validators || nextValidators || appHash || lastResultsHash`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(chainID)
        writer.write(params)
        writer.write(genesisTime)
        writer.write(lastBlockHeight)
        writer.writeOptional(lastBlockID)
        writer.write(lastBlockTime)
        writer.writeOptional(lastValidators)
        writer.write(validators)
        writer.write(nextValidators)
        writer.write(appHash)
        writer.write(lastResultsHash)
    }

    /// Reads a state; rejects one whose last block id and last validators are present before the first block, or
    /// missing after it.
    public init(from reader: inout ByteReader) throws(CodecError) {
        chainID = try reader.readString(cap: Header.maxChainIDBytes, "chain id")
        params = try reader.read(ConsensusParams.self)
        genesisTime = try reader.read(Timestamp.self)
        let at = reader.offset
        lastBlockHeight = try reader.read(Height.self)
        lastBlockID = try reader.readOptional(BlockID.self)
        lastBlockTime = try reader.read(Timestamp.self)
        lastValidators = try reader.readOptional(ValidatorSet.self)
        let started = lastBlockHeight != Height(0)
        guard (lastBlockID != nil) == started, (lastValidators != nil) == started else {
            throw .invalidValue(
                what: "chain state", offset: at,
                reason: "the last block id and last validators must be present exactly when a block was decided")
        }
        validators = try reader.read(ValidatorSet.self)
        nextValidators = try reader.read(ValidatorSet.self)
        appHash = try reader.readHash("app hash")
        lastResultsHash = try reader.readHash("last results hash")
    }
}

/// Signed integers as unsigned varints: 0, -1, 1, -2, 2... map to 0, 1, 2, 3, 4..., so small magnitudes of
/// either sign stay short.
enum ZigZag {
    /// The zigzag form of `value`.
    static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// The signed value of a zigzag form.
    static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
