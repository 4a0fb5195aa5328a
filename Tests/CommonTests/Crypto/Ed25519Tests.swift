import Testing

@testable import Common

extension CryptoTests {
    /// RFC 8032 section 7.1 test vectors (TEST 1, 2, 3, 1024 and SHA(abc)), copied into Vectors/rfc8032-ed25519.csv.
    @Suite("Ed25519 signatures")
    struct Ed25519Tests {
        struct Vector {
            var name: String
            var seed: [UInt8]
            var publicKey: [UInt8]
            var message: [UInt8]
            var signature: [UInt8]
        }

        static func vectors() throws -> [Vector] {
            try VectorFile.csvRows("rfc8032-ed25519.csv", columns: 5).map { row in
                Vector(
                    name: row[0], seed: try hexBytes(row[1]), publicKey: try hexBytes(row[2]),
                    message: try hexBytes(row[3]), signature: try hexBytes(row[4]))
            }
        }

        @Test("the vector file holds RFC 8032 TEST 1, 2, 3, 1024 and SHA(abc)")
        func vectorsPresent() throws {
            let vectors = try Self.vectors()
            #expect(vectors.map(\.name) == ["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"])
            #expect(vectors.map(\.message.count) == [0, 1, 2, 1023, 64])
        }

        @Test("the seed gives the published public key, and signing reproduces the published signature")
        func signingReproducesVectors() throws {
            for vector in try Self.vectors() {
                let key = try Ed25519PrivateKey(seed: vector.seed)
                #expect(key.publicKey.bytes == vector.publicKey, "\(vector.name): public key")
                #expect(key.sign(message: vector.message).bytes == vector.signature, "\(vector.name): signature")
            }
        }

        @Test("the published signature verifies, and fails after a one-bit flip in signature, message or key")
        func verification() throws {
            for vector in try Self.vectors() {
                let key = try Ed25519PublicKey(bytes: vector.publicKey)
                let signature = try Ed25519Signature(bytes: vector.signature)
                #expect(key.verify(signature, message: vector.message), "\(vector.name)")

                var flippedSignature = vector.signature
                flippedSignature[5] ^= 0x01
                #expect(!key.verify(try Ed25519Signature(bytes: flippedSignature), message: vector.message))

                var flippedMessage = vector.message.isEmpty ? [0] : vector.message
                flippedMessage[0] ^= 0x80
                #expect(!key.verify(signature, message: flippedMessage), "\(vector.name): message")

                var flippedKey = vector.publicKey
                flippedKey[0] ^= 0x01
                if let otherKey = try? Ed25519PublicKey(bytes: flippedKey) {
                    #expect(!otherKey.verify(signature, message: vector.message), "\(vector.name): key")
                }
            }
        }

        @Test("small-order and non-canonical public keys are rejected")
        func invalidPublicKeys() throws {
            let invalid = [
                // The identity point (order 1) and a point of order 8 (small-order torsion points).
                "0100000000000000000000000000000000000000000000000000000000000000",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
                // y = p (non-canonical encoding of y = 0) and y = 2^255 - 1.
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                // y = 2, which is not on the curve.
                "0200000000000000000000000000000000000000000000000000000000000000",
            ]
            for hex in invalid {
                #expect(throws: CryptoKeyError.invalidEd25519PublicKey, "\(hex)") { try Ed25519PublicKey(hex: hex) }
            }
            #expect(throws: CryptoKeyError.wrongLength(kind: "Ed25519 public key", expected: 32, actual: 33)) {
                try Ed25519PublicKey(bytes: [UInt8](repeating: 0, count: 33))
            }
        }

        @Test("generated keys sign digests that verify, and each key only verifies its own signatures")
        func generatedKeys() throws {
            let key = Ed25519PrivateKey()
            let other = Ed25519PrivateKey()
            let digest = Hash.blake2b(Array("vote".utf8))
            let signature = key.sign(digest: digest)
            #expect(key.publicKey.verify(signature, digest: digest))
            #expect(!other.publicKey.verify(signature, digest: digest))
            #expect(key.sign(digest: digest) == signature, "Ed25519 signing is deterministic")
            #expect(try Ed25519PrivateKey(seed: key.seed).publicKey == key.publicKey)
        }

        @Test("keys and signatures round-trip through their canonical encoding and hex; the seed is never printed")
        func canonicalRoundTrip() throws {
            let key = try Ed25519PrivateKey(hex: "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
            let signature = key.sign(digest: .zero)
            #expect(try Ed25519PublicKey(canonicalBytes: key.publicKey.canonicalBytes) == key.publicKey)
            #expect(try Ed25519Signature(canonicalBytes: signature.canonicalBytes) == signature)
            #expect(try Ed25519PrivateKey(canonicalBytes: key.canonicalBytes).publicKey == key.publicKey)
            #expect(key.canonicalBytes == key.seed)
            #expect(try Ed25519PublicKey(hex: key.publicKey.description) == key.publicKey)
            #expect(try Ed25519Signature(hex: signature.description) == signature)
            var dumped = ""
            dump(key, to: &dumped)
            for text in [key.description, String(reflecting: key), dumped] {
                #expect(!text.contains("0102030405"))
            }
        }
    }
}
