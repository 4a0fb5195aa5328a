import Testing

@testable import Common

extension CryptoTests {
    @Suite("Account addresses")
    struct AddressTests {
        @Test("an address is the first 20 bytes of BLAKE2b-256 of the x-only public key")
        func derivation() throws {
            let key = AccountPrivateKey()
            let address = key.publicKey.address
            #expect(address.bytes == Array(Hash.blake2b(key.publicKey.bytes).bytes.prefix(20)))
            #expect(address == Address(publicKey: key.publicKey))
        }

        @Test("the bech32 form starts with strata1, is 45 characters, and parses back to the same address")
        func stringRoundTrip() throws {
            for _ in 0..<20 {
                let address = AccountPrivateKey().publicKey.address
                let text = address.description
                #expect(text.hasPrefix("strata1"))
                #expect(text.count == 45)
                #expect(try Address(text) == address)
                #expect(try Address(text.uppercased()) == address, "an all-upper-case address is accepted")
            }
        }

        @Test("a wrong prefix reports the expected and the actual prefix")
        func wrongPrefix() throws {
            let address = AccountPrivateKey().publicKey.address
            let cosmos = try Bech32.encode(hrp: "cosmos", bytes: address.bytes)
            #expect(throws: AddressError.wrongPrefix(expected: "strata", got: "cosmos")) { try Address(cosmos) }
            #expect(
                AddressError.wrongPrefix(expected: "strata", got: "cosmos").description
                    == "address prefix must be \"strata\", got \"cosmos\"")
        }

        @Test("a mistyped character reports a checksum error")
        func badChecksum() throws {
            var characters = Array(AccountPrivateKey().publicKey.address.description)
            characters[20] = characters[20] == "q" ? "p" : "q"
            #expect(throws: AddressError.invalidChecksum) { try Address(String(characters)) }
        }

        @Test("a payload of other than 20 bytes reports a length error")
        func wrongLength() throws {
            for length in [0, 19, 21, 32] {
                let text = try Bech32.encode(hrp: "strata", bytes: [UInt8](repeating: 7, count: length))
                #expect(throws: AddressError.wrongLength(expected: 20, got: length)) { try Address(text) }
            }
            #expect(throws: AddressError.wrongLength(expected: 20, got: 3)) { try Address(bytes: [1, 2, 3]) }
        }

        @Test("malformed bech32 reports the underlying encoding error")
        func malformed() {
            #expect(throws: AddressError.invalidEncoding(.missingSeparator)) { try Address("stratanoseparator") }
            #expect(throws: AddressError.invalidEncoding(.mixedCase)) {
                try Address("Strata18g3l94ylx2ykxuw2n37vazhpwk5csrfm2yflrk")
            }
        }

        @Test("addresses order bytewise and encode canonically as their 20 raw bytes")
        func orderingAndEncoding() throws {
            let low = try Address(bytes: [0x00] + [UInt8](repeating: 0xFF, count: 19))
            let high = try Address(bytes: [0x01] + [UInt8](repeating: 0x00, count: 19))
            let lastByte = try Address(bytes: [UInt8](repeating: 0x01, count: 19) + [0x02])
            let lastByteLower = try Address(bytes: [UInt8](repeating: 0x01, count: 19) + [0x01])
            #expect(low < high)
            #expect(lastByteLower < lastByte)
            let addresses = (0..<50).map { _ in AccountPrivateKey().publicKey.address }
            #expect(
                addresses.sorted().map(\.bytes) == addresses.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) })
            #expect(high.canonicalBytes == high.bytes)
            #expect(try Address(canonicalBytes: high.canonicalBytes) == high)
        }
    }
}
