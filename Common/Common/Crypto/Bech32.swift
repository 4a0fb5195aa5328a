/// Bech32 (BIP-173): a checksummed base-32 text encoding, `<human-readable part>1<data><6-character checksum>`.
///
/// `encode` and `decode` work on 5-bit values; `convertBits` regroups bytes into 5-bit values and back. Decoding
/// accepts all-lower-case or all-upper-case strings and returns the human-readable part in lower case.
/// (This is the original bech32 checksum constant 1, not bech32m.)
public enum Bech32 {
    /// The longest valid bech32 string.
    public static let maximumLength = 90

    /// The 32 data characters; a character's index is its 5-bit value.
    static let alphabet: [UInt8] = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// The 5-bit value of each ASCII character, or -1.
    static let reverseAlphabet: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = Int8(value)
            // Upper case maps to the same value (mixed case is rejected before lookup).
            if character >= UInt8(ascii: "a") { table[Int(character) - 32] = Int8(value) }
        }
        return table
    }()

    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    static func polymod(_ values: some Sequence<UInt8>, into start: UInt32 = 1) -> UInt32 {
        var checksum = start
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> i) & 1 == 1 { checksum ^= generator[i] }
        }
        return checksum
    }

    /// The human-readable part expanded for the checksum: high bits of each character, 0, low bits.
    static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Encodes `hrp` and 5-bit `data` values as a bech32 string (lower case).
    ///
    /// Throws for an empty or non-printable-ASCII `hrp`, a value of 32 or more, or a result over 90 characters.
    /// Upper-case letters in `hrp` are lowered.
    public static func encode(hrp: String, data: [UInt8]) throws(Bech32Error) -> String {
        let prefix = Array(hrp.lowercased().utf8)
        guard !prefix.isEmpty else { throw .emptyHumanReadablePart }
        for (position, character) in prefix.enumerated() where character < 33 || character > 126 {
            throw .invalidCharacter(position: position)
        }
        for value in data where value >= 32 { throw .valueOutOfRange(value: value, bits: 5) }
        let length = prefix.count + 1 + data.count + 6
        guard length <= maximumLength else { throw .tooLong(length: length) }

        let checksum = polymod(expand(prefix) + data + [0, 0, 0, 0, 0, 0]) ^ 1
        var out = prefix
        out.reserveCapacity(length)
        out.append(UInt8(ascii: "1"))
        for value in data { out.append(alphabet[Int(value)]) }
        for i in 0..<6 { out.append(alphabet[Int((checksum >> (5 * (5 - i))) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a bech32 string into its human-readable part (lower case) and its 5-bit data values (without the
    /// checksum).
    public static func decode(_ string: String) throws(Bech32Error) -> (hrp: String, data: [UInt8]) {
        let scalars = string.unicodeScalars
        let count = scalars.count
        guard count <= maximumLength else { throw .tooLong(length: count) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        var hasLower = false
        var hasUpper = false
        for (position, scalar) in scalars.enumerated() {
            guard scalar.value >= 33 && scalar.value <= 126 else { throw .invalidCharacter(position: position) }
            let byte = UInt8(scalar.value)
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { hasLower = true }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { hasUpper = true }
            bytes.append(byte)
        }
        guard !(hasLower && hasUpper) else { throw .mixedCase }
        guard let separator = bytes.lastIndex(of: UInt8(ascii: "1")) else { throw .missingSeparator }
        guard separator > 0 else { throw .emptyHumanReadablePart }
        let dataLength = bytes.count - separator - 1
        guard dataLength >= 6 else { throw .checksumTooShort(dataLength: dataLength) }

        let hrp = bytes[..<separator].map { $0 | (hasUpper && $0 >= 65 && $0 <= 90 ? 0x20 : 0) }
        var values = [UInt8]()
        values.reserveCapacity(dataLength)
        for position in (separator + 1)..<bytes.count {
            let value = reverseAlphabet[Int(bytes[position])]
            guard value >= 0 else {
                throw .invalidDataCharacter(Character(Unicode.Scalar(bytes[position])), position: position)
            }
            values.append(UInt8(value))
        }
        guard polymod(values, into: polymod(expand(hrp))) == 1 else { throw .invalidChecksum }
        return (String(decoding: hrp, as: UTF8.self), Array(values.dropLast(6)))
    }

    /// Regroups `data` from `fromBits`-bit values into `toBits`-bit values (BIP-173 `convertbits`).
    ///
    /// With `pad`, a last partial group is padded with zero bits (bytes to 5-bit values). Without it (5-bit values
    /// to bytes), leftover bits must be fewer than `fromBits` and all zero, or ``Bech32Error/invalidPadding`` is
    /// thrown.
    public static func convertBits(
        _ data: some Sequence<UInt8>, from fromBits: Int, to toBits: Int, pad: Bool
    ) throws(Bech32Error) -> [UInt8] {
        precondition((1...8).contains(fromBits) && (1...8).contains(toBits), "bit groups are 1 to 8 bits wide")
        var accumulator: UInt32 = 0
        var bits = 0
        let maxValue: UInt32 = (1 << toBits) - 1
        var out = [UInt8]()
        out.reserveCapacity(data.underestimatedCount * fromBits / toBits + 1)
        for value in data {
            guard Int(value) >> fromBits == 0 else { throw .valueOutOfRange(value: value, bits: fromBits) }
            accumulator = (accumulator << fromBits | UInt32(value)) & 0xFFFF
            bits += fromBits
            while bits >= toBits {
                bits -= toBits
                out.append(UInt8((accumulator >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (toBits - bits)) & maxValue)) }
        } else if bits >= fromBits || (accumulator << (toBits - bits)) & maxValue != 0 {
            throw .invalidPadding
        }
        return out
    }

    /// Encodes bytes: regroups them into 5-bit values (zero-padded) and encodes those with `hrp`.
    public static func encode(hrp: String, bytes: some Sequence<UInt8>) throws(Bech32Error) -> String {
        try encode(hrp: hrp, data: convertBits(bytes, from: 8, to: 5, pad: true))
    }

    /// Decodes a string whose data are bytes: decodes it and regroups the 5-bit values into bytes.
    public static func decodeBytes(_ string: String) throws(Bech32Error) -> (hrp: String, bytes: [UInt8]) {
        let (hrp, data) = try decode(string)
        return (hrp, try convertBits(data, from: 5, to: 8, pad: false))
    }
}
