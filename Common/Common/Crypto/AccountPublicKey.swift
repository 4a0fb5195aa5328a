import CSecp256k1

/// An account's public key: a secp256k1 point in BIP-340 x-only form (32 bytes, the x coordinate of the point
/// whose y is even).
///
/// The key keeps both its 32 bytes and libsecp256k1's parsed form, so verifying a signature never re-parses the
/// key (parsing costs a square root, about a tenth of a verification).
public struct AccountPublicKey: Sendable {
    /// The x coordinate, big-endian.
    let storage: Bytes32
    /// libsecp256k1's parsed form of `storage`.
    let parsed: secp256k1_xonly_pubkey

    /// The number of bytes in an x-only public key.
    public static let byteCount = 32

    init(storage: Bytes32, parsed: secp256k1_xonly_pubkey) {
        self.storage = storage
        self.parsed = parsed
    }

    /// Creates a key from exactly 32 bytes, checking that they are the x coordinate of a point on the curve.
    public init(bytes: some Collection<UInt8>) throws(CryptoKeyError) {
        guard let storage = Bytes32(bytes) else {
            throw .wrongLength(kind: "account public key", expected: Self.byteCount, actual: bytes.count)
        }
        try self.init(storage: storage)
    }

    /// Parses 64 hexadecimal digits (either case).
    public init(hex: String) throws(CryptoKeyError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex(kind: "account public key") }
        try self.init(bytes: bytes)
    }

    init(storage: Bytes32) throws(CryptoKeyError) {
        var parsed = secp256k1_xonly_pubkey()
        let ok = storage.withUnsafePointer {
            secp256k1_xonly_pubkey_parse(Secp256k1Context.shared.pointer, &parsed, $0)
        }
        guard ok == 1 else { throw .publicKeyNotOnCurve }
        self.init(storage: storage, parsed: parsed)
    }

    /// The 32 bytes of the key (the x coordinate, big-endian).
    public var bytes: [UInt8] { storage.array }

    /// The account address this key controls: the first 20 bytes of BLAKE2b-256 of ``bytes``.
    public var address: Address { Address(publicKey: self) }

    /// Checks a BIP-340 signature over a 32-byte digest (normally a ``signingDigest(domain:chainID:message:)``).
    public func verify(_ signature: SchnorrSignature, digest: Hash) -> Bool {
        digest.withUnsafeBytes { message in
            verify(signature, message: message)
        }
    }

    /// Checks a BIP-340 signature over a message of any length (BIP-340 signs the message bytes as they are;
    /// Strata itself always signs 32-byte digests).
    public func verify(_ signature: SchnorrSignature, message: some Sequence<UInt8>) -> Bool {
        if let result = message.withContiguousStorageIfAvailable({
            verify(signature, message: UnsafeRawBufferPointer($0))
        }) {
            return result
        }
        return Array(message).withUnsafeBytes { verify(signature, message: $0) }
    }

    /// Checks a BIP-340 signature over the message in `message`.
    public func verify(_ signature: SchnorrSignature, message: UnsafeRawBufferPointer) -> Bool {
        withUnsafePointer(to: parsed) { key in
            signature.storage.withUnsafePointer { sig in
                secp256k1_schnorrsig_verify(
                    Secp256k1Context.shared.pointer, sig, message.bindMemory(to: UInt8.self).baseAddress,
                    message.count, key) == 1
            }
        }
    }

    /// Checks a signature made with ``AccountPrivateKey/sign(domain:chainID:message:)``: it verifies only for the
    /// same domain, chain id and message bytes.
    public func verify(
        _ signature: SchnorrSignature, domain: SigningDomain, chainID: String, message: some Sequence<UInt8>
    ) -> Bool {
        verify(signature, digest: signingDigest(domain: domain, chainID: chainID, message: message))
    }
}

extension AccountPublicKey: Hashable {
    /// Two keys are equal when their 32 bytes are.
    public static func == (lhs: AccountPublicKey, rhs: AccountPublicKey) -> Bool { lhs.storage == rhs.storage }
    /// Hashes the 32 bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}

extension AccountPublicKey: CustomStringConvertible {
    /// Lower-case hex of the 32 bytes.
    public var description: String { storage.withUnsafeBytes { Hex.encode($0) } }
}

extension AccountPublicKey: CanonicalCodable {
    /// Writes the 32 raw bytes (no length prefix).
    public func encode(to writer: inout ByteWriter) {
        storage.withUnsafeBytes { writer.writeRaw($0) }
    }

    /// Reads 32 raw bytes and checks they are the x coordinate of a point on secp256k1.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let start = reader.offset
        let raw = try reader.readRaw(count: Self.byteCount, "account public key")
        do {
            try self.init(storage: raw.withUnsafeBytes { Bytes32(unsafeBytes: $0) })
        } catch {
            throw .invalidValue(what: "account public key", offset: start, reason: error.description)
        }
    }
}
