import Testing

@testable import Common

extension CryptoTests {
    /// Golden vectors published in docs/encoding.md (section 4.5), for writing a client in another language. They were
    /// cross-checked against an independent implementation (the BIP-340 and BIP-173 Python reference code, CPython's
    /// BLAKE2b and the `cryptography` package's Ed25519).
    @Suite("Golden vectors (docs/encoding.md, section 4.5)")
    struct GoldenVectorTests {
        /// The secret key (and Ed25519 seed) 01 02 03 ... 20: the 32 bytes 0x01 through 0x20.
        static let secret = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
        static let chainID = "strata-devnet-1"
        static let message: [UInt8] = [1, 2, 3]

        @Test("account key 0x01..0x20: x-only public key and address")
        func accountKey() throws {
            let key = try AccountPrivateKey(hex: Self.secret)
            #expect(key.publicKey.description == "84bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0")
            #expect(Hex.encode(key.publicKey.address.bytes) == "3a23f2d49f32896371ca9c7cce8ae175a9880d3b")
            #expect(key.publicKey.address.description == "strata18g3l94ylx2ykxuw2n37vazhpwk5csrfm2yflrk")
        }

        @Test("signing digests for strata/l1/tx/v1 and strata/l1/vote/v1 on strata-devnet-1 over 01 02 03")
        func digests() {
            #expect(
                signingDigest(domain: .l1Transaction, chainID: Self.chainID, message: Self.message).description
                    == "ad19eed62766c7857e52c586e319d134e9131da437b37744e2213b00b6c07021")
            #expect(
                signingDigest(domain: .l1Vote, chainID: Self.chainID, message: Self.message).description
                    == "c420f177426ce098a69280ef346b99ecc03d925f0569875addddb32a42c059af")
        }

        @Test("BIP-340 signature of the l1 tx digest with aux_rand = 32 zero bytes")
        func schnorrSignature() throws {
            let key = try AccountPrivateKey(hex: Self.secret)
            let digest = signingDigest(domain: .l1Transaction, chainID: Self.chainID, message: Self.message)
            let signature = key.sign(digest: digest, auxiliaryRandomness: Bytes32())
            #expect(
                signature.description
                    == "fc32eb4ada54d763708168ebddf018381fbef3f4ab2a067eaa7dc6a8df8582e4"
                    + "9fee6754295b82bf47e4a0c8c8be7c5880651b7ee599c75ddfca67ebc3f54bd7")
            #expect(
                key.publicKey.verify(signature, domain: .l1Transaction, chainID: Self.chainID, message: Self.message))
        }

        @Test("Ed25519 seed 0x01..0x20: public key and signature of the l1 vote digest")
        func ed25519() throws {
            let key = try Ed25519PrivateKey(hex: Self.secret)
            #expect(key.publicKey.description == "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664")
            let signature = key.sign(domain: .l1Vote, chainID: Self.chainID, message: Self.message)
            #expect(
                signature.description
                    == "719f2fa3f648f5b567666fa8a902620ee4df3092a92c8ff3047ab68a96fac5ff"
                    + "70e9ada9a416c2ef67551b0308cdb14d963f7b8a9437f14d7d0d14c59ae0780d")
        }
    }
}
