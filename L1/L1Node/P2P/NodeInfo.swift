import Common

/// What a node tells a peer about itself once both are authenticated: its id, the network it is on, the protocol
/// version it speaks, where it listens and a human-readable name.
///
/// A peer whose `nodeID` is not the id it authenticated as, whose `network` differs or whose `version` is not
/// compatible is disconnected before any message is exchanged.
public struct NodeInfo: Hashable, Sendable {
    /// The node's id (must match the key it authenticated with).
    public var nodeID: NodeID
    /// The network (chain id), e.g. `strata-1`.
    public var network: String
    /// The P2P protocol version.
    public var version: ProtocolVersion
    /// The address other nodes can dial, `host:port` (informational: it is not checked).
    public var listenAddress: String
    /// A human-readable name (informational).
    public var moniker: String

    /// The longest network id, in UTF-8 bytes.
    public static let maxNetworkByteCount = 64
    /// The longest listen address, in UTF-8 bytes.
    public static let maxListenAddressByteCount = 256
    /// The longest moniker, in UTF-8 bytes.
    public static let maxMonikerByteCount = 64
    /// The largest encoding: 20-byte id, three strings with one- or two-byte length prefixes, 4-byte version.
    static let maxEncodedByteCount =
        NodeID.byteCount + 4 + (1 + maxNetworkByteCount) + (2 + maxListenAddressByteCount) + (1 + maxMonikerByteCount)

    /// Node info from its parts.
    public init(nodeID: NodeID, network: String, version: ProtocolVersion, listenAddress: String, moniker: String) {
        self.nodeID = nodeID
        self.network = network
        self.version = version
        self.listenAddress = listenAddress
        self.moniker = moniker
    }
}

extension NodeInfo: CanonicalCodable {
    /// Writes `nodeID (20 raw bytes) || string network || u16le major || u16le minor || string listenAddress ||
    /// string moniker` (strings: varint length then UTF-8).
    public func encode(to writer: inout ByteWriter) {
        writer.writeRaw(nodeID.bytes)
        writer.writeString(network)
        writer.writeFixed(version.major)
        writer.writeFixed(version.minor)
        writer.writeString(listenAddress)
        writer.writeString(moniker)
    }

    /// Reads the encoding written by ``encode(to:)``, with each string under its cap.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let start = reader.offset
        let idBytes = try reader.readRaw(count: NodeID.byteCount, "node id")
        guard let nodeID = try? NodeID(bytes: idBytes) else {
            throw .invalidValue(what: "node id", offset: start, reason: "not 20 bytes")
        }
        self.nodeID = nodeID
        network = try reader.readString(cap: Self.maxNetworkByteCount, "network")
        let major = try reader.readFixed(UInt16.self, "major version")
        let minor = try reader.readFixed(UInt16.self, "minor version")
        version = ProtocolVersion(major: major, minor: minor)
        listenAddress = try reader.readString(cap: Self.maxListenAddressByteCount, "listen address")
        moniker = try reader.readString(cap: Self.maxMonikerByteCount, "moniker")
    }
}
