import CSodium

/// An Ed25519 secret key (RFC 8032), held as its 32-byte seed: a validator's consensus key or a P2P node key.
///
/// Signing is deterministic: the same seed and message always give the same signature. The seed never appears in
/// `description`, `debugDescription` or `dump` output; use ``seed`` only to write a key file. The value is an
/// ordinary Swift value: copies are not wiped from memory when they go away.
public struct Ed25519PrivateKey: Sendable {
    /// libsodium's secret key: the 32-byte seed followed by the 32-byte public key.
    private let secretKey: Bytes64
    /// The public key of this secret key.
    public let publicKey: Ed25519PublicKey

    /// The number of bytes in a seed.
    public static let seedByteCount = 32

    /// Generates a new key from a ``SecureRandom`` seed.
    public init() {
        self.init(
            seedStorage: Bytes32.filled { SecureRandom.fill(UnsafeMutableRawBufferPointer(start: $0, count: 32)) })
    }

    /// Creates the key for a 32-byte seed (every 32-byte string is a valid seed).
    public init(seed: some Collection<UInt8>) throws(CryptoKeyError) {
        guard let storage = Bytes32(seed) else {
            throw .wrongLength(kind: "Ed25519 seed", expected: Self.seedByteCount, actual: seed.count)
        }
        self.init(seedStorage: storage)
    }

    /// Parses a seed written as 64 hexadecimal digits (either case).
    public init(hex: String) throws(CryptoKeyError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex(kind: "Ed25519 seed") }
        try self.init(seed: bytes)
    }

    private init(seedStorage: Bytes32) {
        Sodium.ensureInitialized()
        var secretKey = Bytes64()
        let publicKey = seedStorage.withUnsafePointer { seed in
            Bytes32.filled { pk in
                secretKey = Bytes64.filled { sk in _ = crypto_sign_seed_keypair(pk, sk, seed) }
            }
        }
        self.secretKey = secretKey
        self.publicKey = Ed25519PublicKey(validated: publicKey)
    }

    /// The 32-byte seed, for writing a key file. Handle with care.
    public var seed: [UInt8] { Array(secretKey.array[0..<Self.seedByteCount]) }

    /// Signs a 32-byte digest (normally a ``signingDigest(domain:chainID:message:)``).
    public func sign(digest: Hash) -> Ed25519Signature {
        digest.withUnsafeBytes { sign(message: $0) }
    }

    /// Signs the domain-separated digest of `message` for `domain` on chain `chainID`
    /// (see ``signingDigest(domain:chainID:message:)``).
    public func sign(domain: SigningDomain, chainID: String, message: some Sequence<UInt8>) -> Ed25519Signature {
        sign(digest: signingDigest(domain: domain, chainID: chainID, message: message))
    }

    /// Signs a message of any length (RFC 8032 Ed25519, as libsodium's `crypto_sign_detached`).
    public func sign(message: some Sequence<UInt8>) -> Ed25519Signature {
        if let signature = message.withContiguousStorageIfAvailable({ sign(message: UnsafeRawBufferPointer($0)) }) {
            return signature
        }
        return Array(message).withUnsafeBytes { sign(message: $0) }
    }

    /// Signs the message in `message`.
    public func sign(message: UnsafeRawBufferPointer) -> Ed25519Signature {
        Sodium.ensureInitialized()
        let storage = secretKey.withUnsafePointer { secretKey in
            Bytes64.filled { signature in
                _ = crypto_sign_detached(
                    signature, nil, message.bindMemory(to: UInt8.self).baseAddress, UInt64(message.count), secretKey)
            }
        }
        return Ed25519Signature(storage: storage)
    }
}

extension Ed25519PrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the public key only; the seed is never printed.
    public var description: String { "Ed25519PrivateKey(publicKey: \(publicKey), seed: <redacted>)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// Shows only the public key to `dump` and debuggers.
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey]) }
}

extension Ed25519PrivateKey: CanonicalCodable {
    /// Writes the 32-byte seed (key files only: never put a secret key in anything hashed, signed or sent).
    public func encode(to writer: inout ByteWriter) {
        secretKey.withUnsafeBytes { writer.writeRaw($0[0..<Self.seedByteCount]) }
    }

    /// Reads a 32-byte seed.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let raw = try reader.readRaw(count: Self.seedByteCount, "Ed25519 seed")
        self.init(seedStorage: raw.withUnsafeBytes { Bytes32(unsafeBytes: $0) })
    }
}
