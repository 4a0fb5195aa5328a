import CSecp256k1

/// An account's secret key: a secp256k1 scalar in 1..<n, used to make BIP-340 Schnorr signatures.
///
/// The key never appears in `description`, `debugDescription` or `dump` output. Use ``secretBytes`` only to write a
/// key file. The value is an ordinary Swift value: copies are not wiped from memory when they go away.
public struct AccountPrivateKey: Sendable {
    /// The 32-byte scalar, big-endian.
    private let secret: Bytes32
    /// libsecp256k1's key pair (secret and public point), computed once so signing costs one point multiplication.
    private let keypair: secp256k1_keypair

    /// The public key of this secret key.
    public let publicKey: AccountPublicKey

    /// The number of bytes in a secret key.
    public static let byteCount = 32

    /// Generates a new key from ``SecureRandom``, drawing again in the (astronomically rare) case the bytes are
    /// not a valid scalar.
    public init() {
        while true {
            let candidate = Bytes32.filled { SecureRandom.fill(UnsafeMutableRawBufferPointer(start: $0, count: 32)) }
            if let key = try? AccountPrivateKey(secret: candidate) {
                self = key
                return
            }
        }
    }

    /// Creates a key from exactly 32 bytes (big-endian), which must be a scalar in 1..<n.
    public init(bytes: some Collection<UInt8>) throws(CryptoKeyError) {
        guard let secret = Bytes32(bytes) else {
            throw .wrongLength(kind: "account secret key", expected: Self.byteCount, actual: bytes.count)
        }
        try self.init(secret: secret)
    }

    /// Parses 64 hexadecimal digits (either case).
    public init(hex: String) throws(CryptoKeyError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex(kind: "account secret key") }
        try self.init(bytes: bytes)
    }

    private init(secret: Bytes32) throws(CryptoKeyError) {
        let context = Secp256k1Context.shared.pointer
        guard secret.withUnsafePointer({ secp256k1_ec_seckey_verify(context, $0) }) == 1 else {
            throw .secretKeyOutOfRange
        }
        var keypair = secp256k1_keypair()
        guard secret.withUnsafePointer({ secp256k1_keypair_create(context, &keypair, $0) }) == 1 else {
            throw .secretKeyOutOfRange
        }
        var xonly = secp256k1_xonly_pubkey()
        _ = secp256k1_keypair_xonly_pub(context, &xonly, nil, &keypair)
        let serialized = Bytes32.filled { _ = secp256k1_xonly_pubkey_serialize(context, $0, &xonly) }
        self.secret = secret
        self.keypair = keypair
        self.publicKey = AccountPublicKey(storage: serialized, parsed: xonly)
    }

    /// The 32 secret bytes, for writing a key file. Handle with care.
    public var secretBytes: [UInt8] { secret.array }

    /// Signs a 32-byte digest (normally a ``signingDigest(domain:chainID:message:)``) with BIP-340, using 32 bytes
    /// of fresh auxiliary randomness from ``SecureRandom``.
    public func sign(digest: Hash) -> SchnorrSignature {
        let aux = Bytes32.filled { SecureRandom.fill(UnsafeMutableRawBufferPointer(start: $0, count: 32)) }
        return sign(digest: digest, auxiliaryRandomness: aux)
    }

    /// Signs the domain-separated digest of `message` for `domain` on chain `chainID`
    /// (see ``signingDigest(domain:chainID:message:)``).
    public func sign(domain: SigningDomain, chainID: String, message: some Sequence<UInt8>) -> SchnorrSignature {
        sign(digest: signingDigest(domain: domain, chainID: chainID, message: message))
    }

    /// Signs a 32-byte digest with explicit BIP-340 auxiliary randomness: deterministic, for test vectors.
    func sign(digest: Hash, auxiliaryRandomness aux: Bytes32) -> SchnorrSignature {
        let context = Secp256k1Context.shared.pointer
        let storage = withUnsafePointer(to: keypair) { keypair in
            digest.withUnsafeBytes { message in
                aux.withUnsafePointer { aux in
                    Bytes64.filled { signature in
                        let ok = secp256k1_schnorrsig_sign32(
                            context, signature, message.bindMemory(to: UInt8.self).baseAddress!, keypair, aux)
                        // Fails only on an invalid key pair, which init rules out.
                        precondition(ok == 1, "secp256k1_schnorrsig_sign32 failed on a validated key")
                    }
                }
            }
        }
        return SchnorrSignature(storage: storage)
    }

    /// Signs a message of any length with explicit BIP-340 auxiliary randomness (the published BIP-340 vectors
    /// include 0, 1, 17 and 100-byte messages). Strata itself only signs 32-byte digests.
    func sign(message: [UInt8], auxiliaryRandomness aux: Bytes32) -> SchnorrSignature {
        let context = Secp256k1Context.shared.pointer
        var auxCopy = aux
        let storage = withUnsafePointer(to: keypair) { keypair in
            message.withUnsafeBufferPointer { message in
                withUnsafeMutableBytes(of: &auxCopy) { auxBytes in
                    var extra = secp256k1_schnorrsig_extraparams(
                        magic: (0xDA, 0x6F, 0xB3, 0x8C), noncefp: nil, ndata: auxBytes.baseAddress)
                    return Bytes64.filled { signature in
                        let ok = secp256k1_schnorrsig_sign_custom(
                            context, signature, message.baseAddress, message.count, keypair, &extra)
                        precondition(ok == 1, "secp256k1_schnorrsig_sign_custom failed on a validated key")
                    }
                }
            }
        }
        return SchnorrSignature(storage: storage)
    }
}

extension AccountPrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the public key only; the secret is never printed.
    public var description: String { "AccountPrivateKey(publicKey: \(publicKey), secret: <redacted>)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// Shows only the public key to `dump` and debuggers.
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey]) }
}

extension AccountPrivateKey: CanonicalCodable {
    /// Writes the 32 secret bytes (key files only: never put a secret key in anything hashed, signed or sent).
    public func encode(to writer: inout ByteWriter) {
        secret.withUnsafeBytes { writer.writeRaw($0) }
    }

    /// Reads 32 bytes and checks they are a scalar in 1..<n.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let start = reader.offset
        let raw = try reader.readRaw(count: Self.byteCount, "account secret key")
        do {
            try self.init(secret: raw.withUnsafeBytes { Bytes32(unsafeBytes: $0) })
        } catch {
            throw .invalidValue(what: "account secret key", offset: start, reason: error.description)
        }
    }
}
