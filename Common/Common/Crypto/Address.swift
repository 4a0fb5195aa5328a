/// A Strata account address: the first 20 bytes of BLAKE2b-256 of the account's x-only public key.
///
/// Shown and parsed as bech32 (BIP-173) with the prefix `strata`, e.g. `strata1...` (45 characters). Encoded in
/// binary as its 20 raw bytes. Addresses order bytewise.
public struct Address: Hashable, Comparable, Sendable {
    /// Bytes 0...7 and 8...15 as big-endian words, bytes 16...19 as a big-endian half word: comparing the tuple
    /// compares the bytes lexicographically.
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// The number of bytes in an address.
    public static let byteCount = 20

    /// The bech32 human-readable part of every Strata address.
    public static let humanReadablePart = "strata"

    /// The address controlled by `publicKey`.
    public init(publicKey: AccountPublicKey) {
        self.init(digest: publicKey.storage.withUnsafeBytes { Hash.blake2b($0) })
    }

    /// The address made of the first 20 bytes of a 32-byte digest (module accounts, consensus keys).
    public init(digest: Hash) {
        self = digest.withUnsafeBytes { Address(unsafeBytes: $0) }
    }

    /// Creates an address from exactly 20 bytes.
    public init(bytes: some Collection<UInt8>) throws(AddressError) {
        guard bytes.count == Self.byteCount else { throw .wrongLength(expected: Self.byteCount, got: bytes.count) }
        self = Array(bytes).withUnsafeBytes { Address(unsafeBytes: $0) }
    }

    /// Parses the bech32 form (`strata1...`, all lower or all upper case).
    public init(_ string: String) throws(AddressError) {
        let decoded: (hrp: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(string)
        } catch .invalidChecksum {
            throw .invalidChecksum
        } catch {
            throw .invalidEncoding(error)
        }
        guard decoded.hrp == Self.humanReadablePart else {
            throw .wrongPrefix(expected: Self.humanReadablePart, got: decoded.hrp)
        }
        let bytes: [UInt8]
        do {
            bytes = try Bech32.convertBits(decoded.data, from: 5, to: 8, pad: false)
        } catch {
            throw .invalidEncoding(error)
        }
        try self.init(bytes: bytes)
    }

    private init(unsafeBytes raw: UnsafeRawBufferPointer) {
        high = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        middle = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// The 20 bytes of the address.
    public var bytes: [UInt8] {
        var words = (high.bigEndian, middle.bigEndian, low.bigEndian)
        return withUnsafeBytes(of: &words) { Array($0[0..<Self.byteCount]) }
    }

    /// Bytewise (lexicographic) order of the 20 bytes.
    public static func < (lhs: Address, rhs: Address) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }
}

extension Address: CustomStringConvertible {
    /// The bech32 form with prefix `strata`.
    public var description: String {
        // 20 bytes make 32 five-bit values; with the prefix and checksum that is 45 characters, under the limit.
        (try? Bech32.encode(hrp: Self.humanReadablePart, bytes: bytes)) ?? Hex.encode(bytes)
    }
}

extension Address: CanonicalCodable {
    /// Writes the 20 raw bytes (no length prefix).
    public func encode(to writer: inout ByteWriter) {
        writer.writeRaw(bytes)
    }

    /// Reads 20 raw bytes.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let raw = try reader.readRaw(count: Self.byteCount, "address")
        self = raw.withUnsafeBytes { Address(unsafeBytes: $0) }
    }
}
