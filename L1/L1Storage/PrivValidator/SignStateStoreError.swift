import Common

/// Why the last sign state could not be read or written.
public enum SignStateStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call on the state file failed.
    case io(StorageIOError)
    /// The state file does not exist. A validator that has signed before must not start without its state
    /// (it could sign twice); a new validator creates it with ``FileSignStateStore/createNeverSigned()``.
    case missing(path: String)
    /// The state file exists but does not hold a valid state. It is never reset silently: restore it from a
    /// backup, or, if this validator has certainly never signed at or after the heights concerned, recreate it.
    case corrupt(path: String, reason: String)
    /// ``FileSignStateStore/createNeverSigned()`` found a state file already there and left it untouched.
    case alreadyExists(path: String)

    /// A sentence saying what failed and what to do.
    public var description: String {
        switch self {
        case .io(let error):
            "sign state I/O error: \(error)"
        case .missing(let path):
            "sign state file \(path) is missing; restore it (starting without it risks a double sign), or create "
                + "it if this validator key has never signed"
        case .corrupt(let path, let reason):
            "sign state file \(path) is corrupt (\(reason)); restore it from a backup, it is never reset "
                + "automatically"
        case .alreadyExists(let path):
            "sign state file \(path) already exists; not overwritten"
        }
    }
}
