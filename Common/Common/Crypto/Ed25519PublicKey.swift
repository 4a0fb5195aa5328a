import CSodium

/// An Ed25519 public key (RFC 8032, 32 bytes): the identity of a validator's consensus key or of a P2P node.
///
/// Only canonical encodings of points in the prime-order subgroup are accepted (libsodium's
/// `crypto_core_ed25519_is_valid_point`), so small-order and non-canonical keys never enter the system.
public struct Ed25519PublicKey: Hashable, Sendable {
    /// The 32-byte encoded point.
    let storage: Bytes32

    /// The number of bytes in a public key.
    public static let byteCount = 32

    /// Wraps bytes known to be valid (derived from a secret key).
    init(validated storage: Bytes32) {
        self.storage = storage
    }

    /// Creates a key from exactly 32 bytes, rejecting off-curve, non-canonical and small-order points.
    public init(bytes: some Collection<UInt8>) throws(CryptoKeyError) {
        guard let storage = Bytes32(bytes) else {
            throw .wrongLength(kind: "Ed25519 public key", expected: Self.byteCount, actual: bytes.count)
        }
        try self.init(storage: storage)
    }

    /// Parses 64 hexadecimal digits (either case).
    public init(hex: String) throws(CryptoKeyError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex(kind: "Ed25519 public key") }
        try self.init(bytes: bytes)
    }

    private init(storage: Bytes32) throws(CryptoKeyError) {
        Sodium.ensureInitialized()
        guard storage.withUnsafePointer({ crypto_core_ed25519_is_valid_point($0) }) == 1 else {
            throw .invalidEd25519PublicKey
        }
        self.storage = storage
    }

    /// The 32 bytes of the key.
    public var bytes: [UInt8] { storage.array }

    /// Checks an Ed25519 signature over a 32-byte digest (normally a ``signingDigest(domain:chainID:message:)``).
    public func verify(_ signature: Ed25519Signature, digest: Hash) -> Bool {
        digest.withUnsafeBytes { verify(signature, message: $0) }
    }

    /// Checks an Ed25519 signature over a message of any length.
    public func verify(_ signature: Ed25519Signature, message: some Sequence<UInt8>) -> Bool {
        if let result = message.withContiguousStorageIfAvailable({
            verify(signature, message: UnsafeRawBufferPointer($0))
        }) {
            return result
        }
        return Array(message).withUnsafeBytes { verify(signature, message: $0) }
    }

    /// Checks an Ed25519 signature over the message in `message` (libsodium `crypto_sign_verify_detached`, which
    /// also rejects non-canonical `S` and small-order `R`).
    public func verify(_ signature: Ed25519Signature, message: UnsafeRawBufferPointer) -> Bool {
        Sodium.ensureInitialized()
        return storage.withUnsafePointer { key in
            signature.storage.withUnsafePointer { sig in
                crypto_sign_verify_detached(
                    sig, message.bindMemory(to: UInt8.self).baseAddress, UInt64(message.count), key) == 0
            }
        }
    }

    /// Checks a signature made with ``Ed25519PrivateKey/sign(domain:chainID:message:)``: it verifies only for the
    /// same domain, chain id and message bytes.
    public func verify(
        _ signature: Ed25519Signature, domain: SigningDomain, chainID: String, message: some Sequence<UInt8>
    ) -> Bool {
        verify(signature, digest: signingDigest(domain: domain, chainID: chainID, message: message))
    }
}

extension Ed25519PublicKey: CustomStringConvertible {
    /// Lower-case hex of the 32 bytes.
    public var description: String { storage.withUnsafeBytes { Hex.encode($0) } }
}

extension Ed25519PublicKey: CanonicalCodable {
    /// Writes the 32 raw bytes (no length prefix).
    public func encode(to writer: inout ByteWriter) {
        storage.withUnsafeBytes { writer.writeRaw($0) }
    }

    /// Reads 32 raw bytes and checks they encode a valid point of prime order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let start = reader.offset
        let raw = try reader.readRaw(count: Self.byteCount, "Ed25519 public key")
        do {
            try self.init(storage: raw.withUnsafeBytes { Bytes32(unsafeBytes: $0) })
        } catch {
            throw .invalidValue(what: "Ed25519 public key", offset: start, reason: error.description)
        }
    }
}
