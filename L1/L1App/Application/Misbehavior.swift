import Common

/// Evidence of a validator's misbehavior that the consensus engine verified and committed in a block.
///
/// The application records it (slashing comes with the slashing module). Fields follow CometBFT's
/// `Misbehavior`; the validator is named by its consensus key.
public struct Misbehavior: Hashable, Sendable {
    /// The kind of misbehavior.
    public var kind: MisbehaviorKind
    /// The misbehaving validator's consensus key.
    public var validator: Ed25519PublicKey
    /// The validator's voting power at ``height``.
    public var power: UInt64
    /// The height at which the validator misbehaved.
    public var height: UInt64
    /// The time of the block before ``height`` (the genesis time at height 1): consensus stamps evidence with a
    /// time every validator already knows when the equivocation happens.
    public var time: Timestamp
    /// The total voting power of the validator set at ``height``.
    public var totalVotingPower: UInt64

    /// Creates a piece of evidence.
    public init(
        kind: MisbehaviorKind, validator: Ed25519PublicKey, power: UInt64, height: UInt64, time: Timestamp,
        totalVotingPower: UInt64
    ) {
        self.kind = kind
        self.validator = validator
        self.power = power
        self.height = height
        self.time = time
        self.totalVotingPower = totalVotingPower
    }
}

/// What a validator did wrong.
public enum MisbehaviorKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Two different votes signed for the same height, round and step (double signing).
    case duplicateVote = 1
    /// A light client attack: conflicting headers signed for a light client.
    case lightClientAttack = 2

    /// `duplicate_vote` or `light_client_attack`.
    public var description: String {
        switch self {
        case .duplicateVote: "duplicate_vote"
        case .lightClientAttack: "light_client_attack"
        }
    }
}

extension Misbehavior: CanonicalCodable {
    /// `u8 kind || validator (32) || varint(power) || varint(height) || time (8) || varint(total power)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(kind.rawValue)
        writer.write(validator)
        writer.writeVarint(power)
        writer.writeVarint(height)
        writer.write(time)
        writer.writeVarint(totalVotingPower)
    }

    /// Reads the fields in order; rejects an unknown kind.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let at = reader.offset
        let tag = try reader.readUInt8("misbehavior kind")
        guard let kind = MisbehaviorKind(rawValue: tag) else {
            throw .unknownTag(what: "misbehavior kind", offset: at, tag: UInt64(tag))
        }
        self.kind = kind
        validator = try reader.read(Ed25519PublicKey.self)
        power = try reader.readVarint(UInt64.self, "power")
        height = try reader.readVarint(UInt64.self, "height")
        time = try reader.read(Timestamp.self)
        totalVotingPower = try reader.readVarint(UInt64.self, "total voting power")
    }
}
