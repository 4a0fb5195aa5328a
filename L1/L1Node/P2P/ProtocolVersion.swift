/// The version of the P2P protocol a node speaks: nodes talk only when their major versions are equal.
///
/// Bump `minor` for additions an older node can ignore, `major` for anything it would misread.
public struct ProtocolVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Incompatible changes.
    public var major: UInt16
    /// Compatible additions.
    public var minor: UInt16

    /// A version from its parts.
    public init(major: UInt16, minor: UInt16) {
        self.major = major
        self.minor = minor
    }

    /// The version this code speaks: 1.0.
    public static let current = ProtocolVersion(major: 1, minor: 0)

    /// Whether a node speaking `self` can talk to a node speaking `other`.
    public func isCompatible(with other: ProtocolVersion) -> Bool {
        major == other.major
    }

    /// Versions compare by major, then minor.
    public static func < (lhs: ProtocolVersion, rhs: ProtocolVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// `major.minor`.
    public var description: String { "\(major).\(minor)" }
}
