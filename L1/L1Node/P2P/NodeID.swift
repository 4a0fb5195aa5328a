import Common

/// A node's P2P identity: the first 20 bytes of BLAKE2b-256 of its Ed25519 node public key, printed as 40
/// lower-case hex digits (as in CometBFT's `id@host:port`).
///
/// A node proves it holds the key behind its id during the handshake, so a `NodeID` named in a peer address pins
/// which node the connection must reach.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 20 bytes of the id.
    public let bytes: [UInt8]

    /// The number of bytes in a node id.
    public static let byteCount = 20

    /// The id of the node whose key is `publicKey`.
    public init(publicKey: Ed25519PublicKey) {
        bytes = Array(Hash.blake2b(publicKey.bytes).bytes.prefix(Self.byteCount))
    }

    /// Creates an id from exactly 20 bytes.
    public init(bytes: some Collection<UInt8>) throws(NodeIDError) {
        guard bytes.count == Self.byteCount else { throw .wrongLength(bytes.count) }
        self.bytes = Array(bytes)
    }

    /// Parses 40 hex digits (either case).
    public init(hex: some StringProtocol) throws(NodeIDError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex(String(hex)) }
        guard bytes.count == Self.byteCount else { throw .wrongLength(bytes.count) }
        self.bytes = bytes
    }

    /// Ids compare by their bytes, lexicographically (the order used to break ties between duplicate connections).
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The 40 lower-case hex digits.
    public var description: String { Hex.encode(bytes) }
}

/// Why text or bytes are not a ``NodeID``.
public enum NodeIDError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not hexadecimal (odd length or a non-hex character).
    case invalidHex(String)
    /// The id has this many bytes instead of 20.
    case wrongLength(Int)

    /// A sentence saying what was wrong.
    public var description: String {
        switch self {
        case .invalidHex(let text):
            "node id \"\(text)\" is not hexadecimal; expected 40 hex digits"
        case .wrongLength(let count):
            "node id has \(count) bytes; expected 20 (40 hex digits)"
        }
    }
}
