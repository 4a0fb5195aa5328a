import Common

/// Why a validator key file could not be loaded or saved.
public enum ValidatorKeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call on the key file failed (``StorageIOError/isNotFound`` when there is no file).
    case io(StorageIOError)
    /// The key file's mode lets its group or other users access it (`mode` holds its permission bits). Run
    /// `chmod 600` on it, or load with `allowGroupOrOtherAccess` where the file system enforces access otherwise.
    case insecurePermissions(path: String, mode: UInt32)
    /// The file is not a key document: bad JSON, a missing field, an unknown key type, or bad hex.
    case malformed(path: String, reason: String)
    /// `pub_key` is not the public key of the seed in `priv_key`.
    case publicKeyMismatch(path: String)
    /// `address` is not the address of the public key.
    case addressMismatch(path: String, stored: String, expected: String)
    /// ``ValidatorKeyFile/save(to:)`` found a file already at the path and left it untouched.
    case alreadyExists(path: String)

    /// A sentence saying what failed and what to do.
    public var description: String {
        switch self {
        case .io(let error):
            "validator key file I/O error: \(error)"
        case .insecurePermissions(let path, let mode):
            "validator key file \(path) has mode 0\(String(mode, radix: 8)), readable beyond its owner; "
                + "run `chmod 600 \(path)`"
        case .malformed(let path, let reason):
            "validator key file \(path) is malformed: \(reason)"
        case .publicKeyMismatch(let path):
            "validator key file \(path): pub_key does not match the private key"
        case .addressMismatch(let path, let stored, let expected):
            "validator key file \(path): address \(stored) is not the key's address \(expected)"
        case .alreadyExists(let path):
            "validator key file \(path) already exists; not overwritten"
        }
    }
}
