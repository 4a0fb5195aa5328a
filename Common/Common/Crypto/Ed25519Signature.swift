/// An Ed25519 signature (RFC 8032): 64 bytes, `R` (32-byte point) then `S` (32-byte scalar).
///
/// Any 64 bytes make an `Ed25519Signature`; whether it is valid is decided by ``Ed25519PublicKey/verify(_:digest:)``.
public struct Ed25519Signature: Hashable, Sendable {
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
            throw .wrongLength(kind: "Ed25519 signature", expected: Self.byteCount, actual: bytes.count)
        }
        self.storage = storage
    }

    /// Parses 128 hexadecimal digits (either case).
    public init(hex: String) throws(CryptoKeyError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex(kind: "Ed25519 signature") }
        try self.init(bytes: bytes)
    }

    /// The 64 bytes of the signature.
    public var bytes: [UInt8] { storage.array }
}

extension Ed25519Signature: CustomStringConvertible {
    /// Lower-case hex of the 64 bytes.
    public var description: String { storage.withUnsafeBytes { Hex.encode($0) } }
}

extension Ed25519Signature: CanonicalCodable {
    /// Writes the 64 raw bytes (no length prefix).
    public func encode(to writer: inout ByteWriter) {
        storage.withUnsafeBytes { writer.writeRaw($0) }
    }

    /// Reads 64 raw bytes.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let raw = try reader.readRaw(count: Self.byteCount, "Ed25519 signature")
        storage = raw.withUnsafeBytes { Bytes64(unsafeBytes: $0) }
    }
}
