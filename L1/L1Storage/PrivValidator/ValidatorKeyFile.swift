import Common

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A validator's consensus key in a JSON file, shaped like CometBFT's `priv_validator_key.json`:
///
/// ```json
/// {
///   "address" : "5B3E...(40 hex digits)",
///   "priv_key" : { "type" : "strata/PrivKeyEd25519", "value" : "...(64 hex digits: the seed)" },
///   "pub_key" : { "type" : "strata/PubKeyEd25519", "value" : "...(64 hex digits)" }
/// }
/// ```
///
/// The address is the first 20 bytes of BLAKE2b-256 of the public key, written in **upper-case** hex as
/// CometBFT shows validator addresses; the keys are lower-case hex (Strata's ``Hex``). Any case is read.
/// Values are hex, not CometBFT's base64, hence the `strata/` type names.
///
/// The file is written with mode `0600` and never overwrites an existing key. Loading refuses a file whose mode
/// grants any permission to group or others (as `ssh` refuses an unprotected key), unless told otherwise, and
/// refuses a file whose public key or address does not match its seed.
public struct ValidatorKeyFile: Sendable {
    /// The consensus key.
    public let privateKey: Ed25519PrivateKey

    /// The `type` of the private key object.
    public static let privateKeyType = "strata/PrivKeyEd25519"
    /// The `type` of the public key object.
    public static let publicKeyType = "strata/PubKeyEd25519"
    /// The largest key file read.
    public static let maxFileSize = 64 << 10

    /// Wraps `privateKey` (for a new validator: `Ed25519PrivateKey()`).
    public init(privateKey: Ed25519PrivateKey) {
        self.privateKey = privateKey
    }

    /// The public key.
    public var publicKey: Ed25519PublicKey { privateKey.publicKey }

    /// The validator address: the first 20 bytes of BLAKE2b-256 of the public key.
    public var address: [UInt8] { Self.address(of: publicKey) }

    /// The address of `publicKey`: the first 20 bytes of BLAKE2b-256 of its 32 bytes.
    public static func address(of publicKey: Ed25519PublicKey) -> [UInt8] {
        Array(Hash.blake2b(publicKey.bytes).bytes.prefix(20))
    }

    /// Reads and checks the key file at `path`.
    ///
    /// - Parameter allowGroupOrOtherAccess: load even if the file's mode grants group or others any access
    ///   (for secrets mounted by a container runtime with its own access control); off by default.
    public static func load(
        path: String, allowGroupOrOtherAccess: Bool = false
    ) throws(ValidatorKeyFileError) -> ValidatorKeyFile {
        let read: BoundedFileRead
        do throws(BoundedFileRead.Failure) {
            read = try BoundedFileRead(path: path, limit: maxFileSize)
        } catch {
            switch error {
            case .io(let io): throw .io(io)
            case .tooLarge(let size, let limit):
                throw .malformed(path: path, reason: "\(size) bytes, above the \(limit)-byte limit of a key file")
            }
        }
        if !allowGroupOrOtherAccess, read.permissions & 0o077 != 0 {
            throw .insecurePermissions(path: path, mode: UInt32(read.permissions))
        }
        return try decode(read.bytes, path: path)
    }

    /// Writes the key file at `path` with mode `0600`, atomically; refuses if a file is already there.
    public func save(to path: String) throws(ValidatorKeyFileError) {
        do throws(StorageIOError) {
            try AtomicFile.write(encode(), to: path, mode: 0o600, existing: .keep)
        } catch {
            if error.isAlreadyExists { throw .alreadyExists(path: path) }
            throw .io(error)
        }
    }

    private struct TypedValue: Codable {
        var type: String
        var value: String
    }

    private struct Fields: Codable {
        var address: String
        var privateKey: TypedValue
        var publicKey: TypedValue

        enum CodingKeys: String, CodingKey {
            case address
            case privateKey = "priv_key"
            case publicKey = "pub_key"
        }
    }

    /// The JSON text of the key file, keys sorted, with a final newline.
    func encode() -> [UInt8] {
        let fields = Fields(
            address: Hex.encode(address).uppercased(),
            privateKey: TypedValue(type: Self.privateKeyType, value: Hex.encode(privateKey.seed)),
            publicKey: TypedValue(type: Self.publicKeyType, value: Hex.encode(publicKey.bytes)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding a struct of strings cannot fail.
        let data = (try? encoder.encode(fields)) ?? Data()
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// Parses and checks the JSON text of a key file.
    static func decode(_ bytes: [UInt8], path: String) throws(ValidatorKeyFileError) -> ValidatorKeyFile {
        func malformed(_ reason: String) -> ValidatorKeyFileError { .malformed(path: path, reason: reason) }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch {
            throw malformed("not a valid key document: \(error)")
        }
        guard fields.privateKey.type == privateKeyType else {
            throw malformed("priv_key type \"\(fields.privateKey.type)\" is not \"\(privateKeyType)\"")
        }
        guard fields.publicKey.type == publicKeyType else {
            throw malformed("pub_key type \"\(fields.publicKey.type)\" is not \"\(publicKeyType)\"")
        }
        let privateKey: Ed25519PrivateKey
        let storedPublicKey: Ed25519PublicKey
        do throws(CryptoKeyError) {
            privateKey = try Ed25519PrivateKey(hex: fields.privateKey.value)
            storedPublicKey = try Ed25519PublicKey(hex: fields.publicKey.value)
        } catch {
            throw malformed("\(error)")
        }
        guard storedPublicKey == privateKey.publicKey else { throw .publicKeyMismatch(path: path) }
        let file = ValidatorKeyFile(privateKey: privateKey)
        let expected = Hex.encode(file.address).uppercased()
        guard fields.address.uppercased() == expected else {
            throw .addressMismatch(path: path, stored: fields.address, expected: expected)
        }
        return file
    }
}
