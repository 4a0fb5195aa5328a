import Testing

@testable import Common

extension CryptoTests {
    /// Half-aggregation of BIP-340 signatures (the draft BIP of Blockstream Research's cross-input-aggregation
    /// repository). The vectors are that repository's `hacspec-halfagg/tests/tests.rs` (commit 751608b, the version
    /// with `z_0 = 1`): keys `01`×32 and `04`×32, messages `02`×32 and `05`×32, auxiliary randomness `03`×32 and
    /// `06`×32. With one signature the aggregate is that signature.
    @Suite("Half-aggregated BIP-340 signatures")
    struct HalfAggregationTests {
        static let firstKey = "1b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f"
        static let secondKey = "462779ad4aad39514614751a71085f2f10e1c7a593e4e030efb5b8721ce55b0b"
        static let oneSignature =
            "b070aafcea439a4f6f1bbfc2eb66d29d24b0cab74d6b745c3cfb009cc8fe4aa8"
            + "0e066c34819936549ff49b6fd4d41edfc401a367b87ddd59fee38177961c225f"
        static let twoSignatures =
            "b070aafcea439a4f6f1bbfc2eb66d29d24b0cab74d6b745c3cfb009cc8fe4aa8"
            + "a3afbdb45a6a34bf7c8c00f1b6d7e7d375b54540f13716c87b62e51e2f4f22ff"
            + "bf8913ec53226a34892d60252a7052614ca79ae939986828d81d2311957371ad"

        static func repeated(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: 32) }

        static func signers(_ count: Int) throws -> [(key: AccountPrivateKey, digest: Hash, aux: Bytes32)] {
            let all: [(UInt8, UInt8, UInt8)] = [(1, 2, 3), (4, 5, 6)]
            return try all.prefix(count).map { secret, message, aux in
                (
                    try AccountPrivateKey(bytes: repeated(secret)), Hash(bytes: repeated(message))!,
                    Bytes32(repeated(aux))!
                )
            }
        }

        static func aggregate(_ signers: [(key: AccountPrivateKey, digest: Hash, aux: Bytes32)]) throws
            -> HalfAggregateSignature
        {
            var aggregator = HalfAggregator()
            for signer in signers {
                let signature = signer.key.sign(digest: signer.digest, auxiliaryRandomness: signer.aux)
                try aggregator.append(key: signer.key.publicKey, digest: signer.digest, signature: signature)
            }
            return aggregator.aggregate
        }

        @Test("the published vectors verify, and aggregating their signatures reproduces them byte for byte")
        func publishedVectors() throws {
            let expected = [String(repeating: "0", count: 64), Self.oneSignature, Self.twoSignatures]
            for count in 0...2 {
                let signers = try Self.signers(count)
                if count > 0 { #expect(signers[0].key.publicKey.description == Self.firstKey) }
                if count > 1 { #expect(signers[1].key.publicKey.description == Self.secondKey) }
                let aggregate = try Self.aggregate(signers)
                #expect(aggregate.description == expected[count])
                let publishedBytes = try #require(Hex.decode(expected[count]))
                let published = try HalfAggregateSignature(bytes: publishedBytes)
                #expect(published.count == count)
                #expect(published.verify(signers.map { ($0.key.publicKey, $0.digest) }))
            }
        }

        @Test("random signatures aggregate and verify; any change to a key, a message, an r, s or the order fails")
        func aggregateOfRandomSignatures() throws {
            var generator = SplitMix64(seed: 7)
            // Six keys for twelve signatures, so keys repeat (their terms are summed before multiplying).
            let keys = (0..<6).map { _ in AccountPrivateKey() }
            var signers: [(key: AccountPublicKey, digest: Hash)] = []
            var aggregator = HalfAggregator()
            for index in 0..<12 {
                let key = keys[Int(generator.next() % 6)]
                let digest = Hash.blake2b([UInt8(index)])
                try aggregator.append(key: key.publicKey, digest: digest, signature: key.sign(digest: digest))
                signers.append((key.publicKey, digest))
            }
            let aggregate = aggregator.aggregate
            #expect(aggregate.bytes.count == 32 * 13)
            #expect(aggregate.verify(signers))

            var otherDigest = signers
            otherDigest[5].digest = Hash.blake2b([99])
            #expect(!aggregate.verify(otherDigest))
            var otherKey = signers
            otherKey[3].key = keys.first { $0.publicKey != signers[3].key }!.publicKey
            #expect(!aggregate.verify(otherKey))
            var swapped = signers
            swapped.swapAt(0, 11)
            #expect(!aggregate.verify(swapped))
            #expect(!aggregate.verify(Array(signers.dropLast())))
            for position in [0, 31, 32 * 7 + 5, 32 * 12, 32 * 12 + 31] {
                var bytes = aggregate.bytes
                bytes[position] ^= 1
                let changed = try HalfAggregateSignature(bytes: bytes)
                #expect(!changed.verify(signers), "flipped byte \(position)")
            }
        }

        @Test("verifying on several threads gives the same answer as on one, for a valid and a broken aggregate")
        func threadedVerification() throws {
            // 600 signatures by 40 keys: two runs of 300, each key in both.
            let keys = (0..<40).map { try! AccountPrivateKey(bytes: [UInt8](repeating: UInt8($0 + 1), count: 32)) }
            var aggregator = HalfAggregator()
            var signers: [(key: AccountPublicKey, digest: Hash)] = []
            for index in 0..<600 {
                let key = keys[index % keys.count]
                let digest = Hash.blake2b([UInt8(index & 0xFF), UInt8(index >> 8)])
                try aggregator.append(key: key.publicKey, digest: digest, signature: key.sign(digest: digest))
                signers.append((key.publicKey, digest))
            }
            let aggregate = aggregator.aggregate
            for threads in [1, 2, 3] { #expect(aggregate.verify(signers, threads: threads), "\(threads) threads") }
            for position in [5, 32 * 450 + 7, 32 * 600 + 3] {
                var bytes = aggregate.bytes
                bytes[position] ^= 1
                let broken = try HalfAggregateSignature(bytes: bytes)
                for threads in [1, 2] { #expect(!broken.verify(signers, threads: threads), "byte \(position)") }
            }
            var otherDigest = signers
            otherDigest[599].digest = Hash.blake2b([9, 9])
            #expect(!aggregate.verify(otherDigest, threads: 2))
        }

        @Test("an invalid signature among valid ones makes an aggregate that does not verify")
        func invalidSignatureSpoilsTheAggregate() throws {
            let key = AccountPrivateKey()
            var aggregator = HalfAggregator()
            var signers: [(key: AccountPublicKey, digest: Hash)] = []
            for index in 0..<3 {
                let digest = Hash.blake2b([UInt8(index)])
                // The second signature signs another message.
                let signed = index == 1 ? Hash.blake2b([7]) : digest
                try aggregator.append(key: key.publicKey, digest: digest, signature: key.sign(digest: signed))
                signers.append((key.publicKey, digest))
            }
            #expect(!aggregator.aggregate.verify(signers))
        }

        @Test("malformed aggregates: wrong lengths are refused; s not below n, or an r off the curve, fails")
        func malformed() throws {
            for length in [0, 31, 33, 63] {
                #expect(throws: CryptoKeyError.self) {
                    try HalfAggregateSignature(bytes: [UInt8](repeating: 0, count: length))
                }
            }
            #expect(throws: CryptoKeyError.self) {
                try HalfAggregateSignature(
                    bytes: [UInt8](repeating: 0, count: 32 * (HalfAggregateSignature.maxCount + 2)))
            }
            #expect(HalfAggregateSignature.empty.verify([]))
            #expect(!HalfAggregateSignature.empty.verify([(AccountPrivateKey().publicKey, Hash.blake2b([1]))]))

            let signers = try Self.signers(1)
            let pairs = signers.map { ($0.key.publicKey, $0.digest) }
            var bytes = try #require(Hex.decode(Self.oneSignature))
            // s = n: not below the order. With no signatures, s = n would verify if it were reduced to 0.
            #expect(!(try HalfAggregateSignature(bytes: Secp256k1Scalar.order)).verify([]))
            bytes.replaceSubrange(32..<64, with: Secp256k1Scalar.order)
            #expect(!(try HalfAggregateSignature(bytes: bytes)).verify(pairs))
            // The aggregator refuses a signature whose s is not below n (the draft's IncAggregate fails).
            var aggregator = HalfAggregator()
            let badSignature = try SchnorrSignature(bytes: [UInt8](repeating: 1, count: 32) + Secp256k1Scalar.order)
            #expect(throws: CryptoKeyError.signatureScalarOutOfRange) {
                try aggregator.append(key: pairs[0].0, digest: pairs[0].1, signature: badSignature)
            }
            #expect(aggregator.count == 0)
            // r = 5: x = 5 is not on secp256k1 (5³ + 7 = 132 is not a square modulo p).
            bytes = try #require(Hex.decode(Self.oneSignature))
            bytes.replaceSubrange(0..<32, with: [UInt8](repeating: 0, count: 31) + [5])
            #expect(!(try HalfAggregateSignature(bytes: bytes)).verify(pairs))
        }

        @Test("scalar arithmetic modulo n, including the zero cases libsecp256k1 refuses")
        func scalars() throws {
            let order = try #require(Bytes32(Secp256k1Scalar.order))
            func scalar(_ bytes: [UInt8]) throws -> Secp256k1Scalar {
                let word = try #require(Bytes32(bytes))
                return try #require(Secp256k1Scalar(exactly: word))
            }
            func small(_ value: UInt8) throws -> Secp256k1Scalar {
                try scalar([UInt8](repeating: 0, count: 31) + [value])
            }
            var minusOneBytes = Secp256k1Scalar.order
            minusOneBytes[31] -= 1
            let minusOne = try scalar(minusOneBytes)

            #expect(Secp256k1Scalar(exactly: order) == nil)
            #expect(Secp256k1Scalar(reducing: order).isZero)
            var orderPlusTwo = Secp256k1Scalar.order
            orderPlusTwo[31] += 2
            #expect(Secp256k1Scalar(reducing: try #require(Bytes32(orderPlusTwo))) == (try small(2)))
            let allOnesBytes = try #require(Bytes32([UInt8](repeating: 0xff, count: 32)))
            let allOnes = Secp256k1Scalar(reducing: allOnesBytes)
            #expect(
                Hex.encode(allOnes.storage.array) == "000000000000000000000000000000014551231950b75fc4402da1732fc9bebe")

            #expect(minusOne + (try small(1)) == .zero)
            #expect((minusOne + (try small(3))) == (try small(2)))
            #expect(minusOne * minusOne == (try small(1)))
            #expect((try small(2)) * minusOne == minusOne + minusOne)
            #expect(Secp256k1Scalar.zero * minusOne == .zero)
            #expect(Secp256k1Scalar.zero + (try small(9)) == (try small(9)))
            #expect((try small(6)) * (try small(7)) == (try small(42)))
        }
    }
}
