import Testing

@testable import Common

extension CryptoTests {
    /// Hostile input: random and truncated bytes and strings fed to every decoder in Crypto must throw or succeed,
    /// never trap.
    @Suite("Crypto decoders on hostile input")
    struct DecoderRobustnessTests {

        static func decodeEverything(_ bytes: [UInt8]) {
            _ = try? AccountPublicKey(canonicalBytes: bytes)
            _ = try? AccountPrivateKey(canonicalBytes: bytes)
            _ = try? SchnorrSignature(canonicalBytes: bytes)
            _ = try? Ed25519PublicKey(canonicalBytes: bytes)
            _ = try? Ed25519PrivateKey(canonicalBytes: bytes)
            _ = try? Ed25519Signature(canonicalBytes: bytes)
            _ = try? Address(canonicalBytes: bytes)
            _ = try? AccountPublicKey(bytes: bytes)
            _ = try? AccountPrivateKey(bytes: bytes)
            _ = try? SchnorrSignature(bytes: bytes)
            _ = try? Ed25519PublicKey(bytes: bytes)
            _ = try? Ed25519PrivateKey(seed: bytes)
            _ = try? Ed25519Signature(bytes: bytes)
            _ = try? Address(bytes: bytes)
            _ = try? Bech32.convertBits(bytes, from: 8, to: 5, pad: false)
            _ = try? Bech32.convertBits(bytes.map { $0 & 31 }, from: 5, to: 8, pad: false)
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? Bech32.decode(text)
            _ = try? Address(text)
            _ = try? AccountPublicKey(hex: text)
            _ = try? AccountPrivateKey(hex: text)
            _ = try? Ed25519PublicKey(hex: text)
            _ = try? SchnorrSignature(hex: text)
        }

        @Test("random byte strings of every length from 0 to 100 only ever throw")
        func randomBytes() {
            var random = SplitMix64(seed: 0x5742_4154_4131)
            for length in 0...100 {
                for _ in 0..<20 {
                    Self.decodeEverything((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
                }
            }
        }

        @Test("every truncation of valid encodings and strings is rejected")
        func truncations() throws {
            let key = AccountPrivateKey()
            let node = Ed25519PrivateKey()
            let encodings: [[UInt8]] = [
                key.publicKey.canonicalBytes, key.sign(digest: .zero).canonicalBytes,
                key.publicKey.address.canonicalBytes,
                node.publicKey.canonicalBytes, node.sign(digest: .zero).canonicalBytes,
            ]
            for encoding in encodings {
                for length in 0..<encoding.count {
                    Self.decodeEverything(Array(encoding.prefix(length)))
                }
            }
            let address = key.publicKey.address.description
            for length in 0..<address.count {
                let prefix = String(address.prefix(length))
                Self.decodeEverything(Array(prefix.utf8))
                #expect(throws: AddressError.self) { try Address(prefix) }
            }
            #expect(throws: CodecError.self) { try AccountPublicKey(canonicalBytes: Array(encodings[0].prefix(31))) }
            #expect(throws: CodecError.self) { try SchnorrSignature(canonicalBytes: Array(encodings[1].prefix(63))) }
            #expect(throws: CodecError.self) { try Address(canonicalBytes: Array(encodings[2].prefix(19))) }
            #expect(throws: CodecError.self) { try Ed25519PublicKey(canonicalBytes: Array(encodings[3].prefix(31))) }
            #expect(throws: CodecError.self) { try Ed25519Signature(canonicalBytes: encodings[4] + [0]) }
        }

        @Test("strings of random printable ASCII only ever throw from the bech32 and address parsers")
        func randomStrings() {
            var random = SplitMix64(seed: 0x6265_6368_3332)
            let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l1bioQPZRY".utf8)
            for length in 0...120 {
                for _ in 0..<10 {
                    let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
                    Self.decodeEverything(Array("strata1".utf8) + bytes)
                }
            }
        }
    }
}
