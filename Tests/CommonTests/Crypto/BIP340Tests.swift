import Testing

@testable import Common

extension CryptoTests {
    /// The published BIP-340 test vectors (bitcoin/bips, bip-0340/test-vectors.csv, all 19 rows including the
    /// December 2022 rows with 0, 1, 17 and 100-byte messages), copied verbatim into Vectors/bip340-test-vectors.csv.
    @Suite("BIP-340 Schnorr signatures")
    struct BIP340Tests {
        struct Vector {
            var index: Int
            var secretKey: [UInt8]?
            var publicKey: [UInt8]
            var auxRand: [UInt8]?
            var message: [UInt8]
            var signature: [UInt8]
            var verifies: Bool
            var comment: String
        }

        static func vectors() throws -> [Vector] {
            try VectorFile.csvRows("bip340-test-vectors.csv", columns: 8).map { row in
                Vector(
                    index: try #require(Int(row[0])),
                    secretKey: row[1].isEmpty ? nil : try hexBytes(row[1]),
                    publicKey: try hexBytes(row[2]),
                    auxRand: row[3].isEmpty ? nil : try hexBytes(row[3]),
                    message: try hexBytes(row[4]),
                    signature: try hexBytes(row[5]),
                    verifies: row[6] == "TRUE",
                    comment: row[7])
            }
        }

        @Test("the vector file holds all 19 published rows, indices 0 to 18")
        func allRowsPresent() throws {
            let vectors = try Self.vectors()
            #expect(vectors.map(\.index) == Array(0...18))
            #expect(vectors.filter { !$0.verifies }.count == 10)
            #expect(Set(vectors.map(\.message.count)) == [0, 1, 17, 32, 100])
        }

        @Test("signing with the published secret key and aux_rand reproduces the published signature byte for byte")
        func signingReproducesVectors() throws {
            let signing = try Self.vectors().filter { $0.secretKey != nil }
            #expect(signing.count == 8)
            for vector in signing {
                let key = try AccountPrivateKey(bytes: try #require(vector.secretKey))
                #expect(key.publicKey.bytes == vector.publicKey, "row \(vector.index): public key")
                let auxBytes = try #require(vector.auxRand)
                let aux = try #require(Bytes32(auxBytes))
                let signature = key.sign(message: vector.message, auxiliaryRandomness: aux)
                #expect(signature.bytes == vector.signature, "row \(vector.index): signature")
                if vector.message.count == 32 {
                    let digest = try #require(Hash(bytes: vector.message))
                    #expect(key.sign(digest: digest, auxiliaryRandomness: aux).bytes == vector.signature)
                }
            }
        }

        @Test("every row verifies exactly when the published verification result says TRUE")
        func verificationMatchesVectors() throws {
            for vector in try Self.vectors() {
                let signature = try SchnorrSignature(bytes: vector.signature)
                let key: AccountPublicKey?
                do {
                    key = try AccountPublicKey(bytes: vector.publicKey)
                } catch {
                    // Rows 5 and 14: the public key is not a valid x coordinate, so parsing it already fails.
                    #expect(error == .publicKeyNotOnCurve, "row \(vector.index)")
                    key = nil
                }
                let result = key?.verify(signature, message: vector.message) ?? false
                if let key, vector.message.count == 32 {
                    #expect(key.verify(signature, digest: try #require(Hash(bytes: vector.message))) == result)
                }
                #expect(result == vector.verifies, "row \(vector.index): \(vector.comment)")
            }
        }

        @Test("public keys that are not valid x coordinates are rejected when parsed (rows 5 and 14)")
        func invalidPublicKeysRejected() throws {
            let rejected = try Self.vectors().filter { (try? AccountPublicKey(bytes: $0.publicKey)) == nil }
            #expect(rejected.map(\.index) == [5, 14])
        }

        @Test("a signature made with fresh randomness verifies, and fails after flipping any one bit")
        func randomizedSigning() throws {
            let key = AccountPrivateKey()
            let digest = Hash.blake2b(Array("strata".utf8))
            let signature = key.sign(digest: digest)
            #expect(key.publicKey.verify(signature, digest: digest))
            #expect(key.sign(digest: digest) != signature, "fresh aux randomness gives a different signature")
            for bit in stride(from: 0, to: 512, by: 37) {
                var bytes = signature.bytes
                bytes[bit / 8] ^= 1 << UInt8(bit % 8)
                #expect(!key.publicKey.verify(try SchnorrSignature(bytes: bytes), digest: digest), "bit \(bit)")
            }
            #expect(!AccountPrivateKey().publicKey.verify(signature, digest: digest), "another key")
            #expect(!key.publicKey.verify(signature, digest: Hash.blake2b(Array("strata!".utf8))), "another digest")
        }

        @Test("secret keys outside 1..<n are rejected")
        func secretKeyRange() throws {
            let order = try hexBytes("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")
            #expect(throws: CryptoKeyError.secretKeyOutOfRange) {
                try AccountPrivateKey(bytes: [UInt8](repeating: 0, count: 32))
            }
            #expect(throws: CryptoKeyError.secretKeyOutOfRange) { try AccountPrivateKey(bytes: order) }
            var belowOrder = order
            belowOrder[31] -= 1
            #expect(throws: Never.self) { try AccountPrivateKey(bytes: belowOrder) }
            #expect(throws: CryptoKeyError.wrongLength(kind: "account secret key", expected: 32, actual: 31)) {
                try AccountPrivateKey(bytes: [UInt8](repeating: 1, count: 31))
            }
        }

        @Test("a private key never shows its secret in description, debugDescription or dump")
        func privateKeyIsRedacted() throws {
            let key = try AccountPrivateKey(hex: "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
            var dumped = ""
            dump(key, to: &dumped)
            for text in [key.description, String(reflecting: key), "\(key)", dumped] {
                #expect(!text.contains("0102030405"))
                #expect(!text.lowercased().contains("1f20"))
            }
            #expect(key.description.contains(key.publicKey.description))
        }

        @Test("keys and signatures round-trip through their canonical encoding and hex")
        func canonicalRoundTrip() throws {
            let key = AccountPrivateKey()
            let signature = key.sign(digest: .zero)
            #expect(try AccountPublicKey(canonicalBytes: key.publicKey.canonicalBytes) == key.publicKey)
            #expect(try SchnorrSignature(canonicalBytes: signature.canonicalBytes) == signature)
            #expect(try AccountPrivateKey(canonicalBytes: key.canonicalBytes).publicKey == key.publicKey)
            #expect(try AccountPrivateKey(bytes: key.secretBytes).publicKey == key.publicKey)
            #expect(try AccountPublicKey(hex: key.publicKey.description) == key.publicKey)
            #expect(try SchnorrSignature(hex: signature.description) == signature)
            #expect(key.publicKey.canonicalBytes.count == 32)
            #expect(signature.canonicalBytes.count == 64)
        }

        @Test("decoding an invalid public key reports CodecError.invalidValue with the reason")
        func invalidPublicKeyDecodeError() throws {
            let notOnCurve = try hexBytes("EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34")
            #expect(
                throws: CodecError.invalidValue(
                    what: "account public key", offset: 0, reason: CryptoKeyError.publicKeyNotOnCurve.description)
            ) { try AccountPublicKey(canonicalBytes: notOnCurve) }
        }
    }
}
