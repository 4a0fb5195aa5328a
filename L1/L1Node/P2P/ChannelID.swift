import Common

/// The channel a P2P message travels on: one byte at the start of every frame's plaintext.
///
/// Channels separate the node's protocols (consensus, mempool, block sync...) on one connection and give each its
/// own maximum message size (``P2PConfig/channels``). The P2P layer only routes bytes; what a channel carries is up
/// to the code that uses it. A frame naming a channel that is not configured closes the connection.
public struct ChannelID: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    /// The byte on the wire.
    public let rawValue: UInt8

    /// The channel with byte `rawValue`.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The channel with byte `value`, written as a literal.
    public init(integerLiteral value: UInt8) {
        self.init(rawValue: value)
    }

    /// Consensus round state (new round steps, has-vote announcements): `0x20`.
    public static let consensusState: ChannelID = 0x20
    /// Consensus proposals and block parts: `0x21`.
    public static let consensusData: ChannelID = 0x21
    /// Consensus votes (prevotes, precommits): `0x22`.
    public static let consensusVote: ChannelID = 0x22
    /// Transactions gossiped between mempools: `0x30`.
    public static let mempool: ChannelID = 0x30
    /// Evidence of misbehaviour (duplicate votes): `0x38`.
    public static let evidence: ChannelID = 0x38
    /// Whole blocks for nodes catching up: `0x40`.
    public static let blockSync: ChannelID = 0x40

    /// Channels compare by their byte.
    public static func < (lhs: ChannelID, rhs: ChannelID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The byte in hex, e.g. `0x22`.
    public var description: String {
        "0x" + Hex.encode([rawValue])
    }
}
