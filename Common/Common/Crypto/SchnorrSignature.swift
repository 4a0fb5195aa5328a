/// A BIP-340 Schnorr signature over secp256k1: 64 bytes, `r` (32-byte x coordinate) then `s` (32-byte scalar).
///
/// Any 64 bytes make a `SchnorrSignature`; whether it is valid is decided by
/// ``AccountPublicKey/verify(_:digest:)``.
public struct SchnorrSignature: Hashable, Sendable {
    /// The 64 bytes, held inline.
    let storage: Bytes64

    /// The number of bytes in a signature.
    public static let byteCount = 64

    init(storage: Bytes64) {
        self.storage = storage
    }

    /// Creates a signature from exactly 64 bytes.
    public init(bytes: some Collection<UInt8>) throws(CryptoKeyError) {
        guard let storage = Bytes64(bytes) else {
            throw .wrongLength(kind: "Schnorr signature", expected: Self.byteCount, actual: bytes.count)
        }
        self.storage = storage
    }

    /// Parses 128 hexadecimal digits (either case).
    public init(hex: String) throws(CryptoKeyError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex(kind: "Schnorr signature") }
        try self.init(bytes: bytes)
    }

    /// The 64 bytes of the signature.
    public var bytes: [UInt8] { storage.array }
}

extension SchnorrSignature: CustomStringConvertible {
    /// Lower-case hex of the 64 bytes.
    public var description: String { storage.withUnsafeBytes { Hex.encode($0) } }
}

extension SchnorrSignature: CanonicalCodable {
    /// Writes the 64 raw bytes (no length prefix).
    public func encode(to writer: inout ByteWriter) {
        storage.withUnsafeBytes { writer.writeRaw($0) }
    }

    /// Reads 64 raw bytes.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let raw = try reader.readRaw(count: Self.byteCount, "Schnorr signature")
        storage = raw.withUnsafeBytes { Bytes64(unsafeBytes: $0) }
    }
}
