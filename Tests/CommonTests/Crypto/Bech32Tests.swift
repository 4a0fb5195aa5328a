import Testing

@testable import Common

extension CryptoTests {
    /// BIP-173 test vectors (bitcoin/bips, bip-0173.mediawiki, "Test vectors").
    @Suite("Bech32 (BIP-173)")
    struct Bech32Tests {
        /// Every string BIP-173 lists as valid bech32.
        static let valid = [
            "A12UEL5L",
            "a12uel5l",
            "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
            "?1ezyfcl",
        ]

        /// Every string BIP-173 lists as invalid bech32, with the error we report.
        static let invalid: [(string: String, error: Bech32Error)] = [
            ("\u{20}1nwldj5", .invalidCharacter(position: 0)),  // HRP character out of range
            ("\u{7F}1axkwrx", .invalidCharacter(position: 0)),  // HRP character out of range
            ("\u{80}1eym55h", .invalidCharacter(position: 0)),  // HRP character out of range
            (
                "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
                .tooLong(length: 91)
            ),  // overall max length exceeded
            ("pzry9x0s0muk", .missingSeparator),  // no separator character
            ("1pzry9x0s0muk", .emptyHumanReadablePart),  // empty HRP
            ("x1b4n0q5v", .invalidDataCharacter("b", position: 2)),  // invalid data character
            ("li1dgmt3", .checksumTooShort(dataLength: 5)),  // too short checksum
            ("de1lg7wt\u{FF}", .invalidCharacter(position: 8)),  // invalid character in checksum
            ("A1G7SGD8", .invalidChecksum),  // checksum calculated with uppercase form of HRP
            ("10a06t8", .emptyHumanReadablePart),  // empty HRP
            ("1qzzfhee", .emptyHumanReadablePart),  // empty HRP
        ]

        @Test("every valid BIP-173 string decodes, and re-encodes to its lower-case form")
        func validVectors() throws {
            for string in Self.valid {
                let (hrp, data) = try Bech32.decode(string)
                #expect(try Bech32.encode(hrp: hrp, data: data) == string.lowercased(), "\(string)")
            }
        }

        @Test("every invalid BIP-173 string is rejected with the expected error")
        func invalidVectors() {
            for (string, error) in Self.invalid {
                #expect(throws: error, "\(string.debugDescription)") { try Bech32.decode(string) }
            }
        }

        @Test("mixed case is rejected; any single-character change breaks the checksum")
        func mixedCaseAndChecksum() throws {
            #expect(throws: Bech32Error.mixedCase) { try Bech32.decode("a12uEl5l") }
            let string = "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"
            let characters = Array(string)
            for position in 7..<characters.count {
                var changed = characters
                changed[position] = changed[position] == "q" ? "p" : "q"
                #expect(throws: Bech32Error.invalidChecksum) { try Bech32.decode(String(changed)) }
            }
        }

        @Test("segwit program bytes come back from the BIP-173 valid address vectors through convertBits")
        func segwitPrograms() throws {
            let addresses = [
                ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "751e76e8199196d454941c45d1b3a323f1433bd6"),
                (
                    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
                    "1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"
                ),
                ("BC1SW50QA3JX3S", "751e"),
                ("bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj", "751e76e8199196d454941c45d1b3a323"),
            ]
            for (address, program) in addresses {
                let (_, data) = try Bech32.decode(address)
                let bytes = try Bech32.convertBits(data.dropFirst(), from: 5, to: 8, pad: false)
                #expect(Hex.encode(bytes) == program, "\(address)")
                #expect(try Bech32.convertBits(bytes, from: 8, to: 5, pad: true) == Array(data.dropFirst()))
            }
        }

        @Test("the BIP-173 segwit padding vectors are rejected as invalid padding")
        func segwitPadding() throws {
            // "zero padding of more than 4 bits" and "non-zero padding in 8-to-5 conversion".
            for address in [
                "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
                "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
            ] {
                let (_, data) = try Bech32.decode(address)
                #expect(throws: Bech32Error.invalidPadding, "\(address)") {
                    try Bech32.convertBits(data.dropFirst(), from: 5, to: 8, pad: false)
                }
            }
        }

        @Test("the encoder refuses an empty prefix, 5-bit values of 32 or more, and results over 90 characters")
        func encoderLimits() {
            #expect(throws: Bech32Error.emptyHumanReadablePart) { try Bech32.encode(hrp: "", data: []) }
            #expect(throws: Bech32Error.valueOutOfRange(value: 32, bits: 5)) { try Bech32.encode(hrp: "a", data: [32]) }
            #expect(throws: Bech32Error.tooLong(length: 91)) {
                try Bech32.encode(hrp: "a", data: [UInt8](repeating: 0, count: 83))
            }
            #expect(throws: Never.self) { try Bech32.encode(hrp: "a", data: [UInt8](repeating: 0, count: 82)) }
        }

        @Test("bytes round-trip through encode(hrp:bytes:) and decodeBytes for every length that fits")
        func bytesRoundTrip() throws {
            // "test" + "1" + 6 checksum characters leave 79 data characters: 49 bytes (392 bits) fit, 50 do not.
            for length in 0...49 {
                let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
                let string = try Bech32.encode(hrp: "test", bytes: bytes)
                let decoded = try Bech32.decodeBytes(string)
                #expect(decoded.hrp == "test")
                #expect(decoded.bytes == bytes)
            }
            #expect(throws: Bech32Error.tooLong(length: 91)) {
                try Bech32.encode(hrp: "test", bytes: [UInt8](repeating: 0, count: 50))
            }
        }
    }
}
