/// Why a state read, write, proof or witness operation failed.
public enum StateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A proof does not lead to the expected root.
    case rootMismatch(expected: Hash, computed: Hash)
    /// A proof is malformed: it is not a proof of anything, whatever the root.
    case invalidProof(String)
    /// A witness store was asked about a key its witness does not cover.
    case keyOutsideWitness(path: Hash)
    /// A value is larger than ``SparseMerkle/maxValueBytes``.
    case valueTooLarge(bytes: Int, cap: Int)
    /// The requested version was never committed or has been pruned.
    case versionUnavailable(version: UInt64, oldest: UInt64?, latest: UInt64?)
    /// A commit did not move the version forward.
    case versionNotIncreasing(version: UInt64, latest: UInt64)
    /// A witness was asked of an overlay that already holds writes: it proves the base version only.
    case witnessOverPendingWrites(count: Int)
    /// The tree committed a new version under an overlay made on an older one.
    case overlayOutdated(base: UInt64?, latest: UInt64?)
    /// Stored data failed to decode: the database is corrupt.
    case corruptStore(String)
    /// The database reported an error.
    case storage(String)

    public var description: String {
        switch self {
        case .rootMismatch(let expected, let computed):
            "proof leads to root \(computed), expected \(expected)"
        case .invalidProof(let reason):
            "invalid proof: \(reason)"
        case .keyOutsideWitness(let path):
            "key \(path) is outside the witness: the witness does not cover it"
        case .valueTooLarge(let bytes, let cap):
            "value of \(bytes) bytes is above the cap of \(cap) bytes"
        case .versionUnavailable(let version, let oldest, let latest):
            "version \(version) is not available (oldest kept \(oldest.map(String.init) ?? "none"), "
                + "latest \(latest.map(String.init) ?? "none"))"
        case .versionNotIncreasing(let version, let latest):
            "cannot commit version \(version): the latest committed version is \(latest)"
        case .witnessOverPendingWrites(let count):
            "cannot build a witness over \(count) pending write(s): record from a fresh overlay"
        case .overlayOutdated(let base, let latest):
            "the overlay was made on version \(base.map(String.init) ?? "none") but the tree is at "
                + "\(latest.map(String.init) ?? "none")"
        case .corruptStore(let reason):
            "state store is corrupt: \(reason)"
        case .storage(let reason):
            "state storage error: \(reason)"
        }
    }
}
