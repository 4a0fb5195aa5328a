import Testing

@testable import Common

extension CryptoTests {
    @Suite("Domain-separated signing digests")
    struct SigningDigestTests {
        static let message: [UInt8] = [1, 2, 3]

        @Test("the digest is BLAKE2b-256 of length-prefixed tag, length-prefixed chain id, then the message")
        func layout() {
            var writer = ByteWriter()
            writer.writeString("strata/l1/tx/v1")
            writer.writeString("strata-devnet-1")
            writer.writeRaw(Self.message)
            #expect(
                Hex.encode(writer.bytes)
                    == "0f7374726174612f6c312f74782f7631" + "0f7374726174612d6465766e65742d31" + "010203")
            #expect(
                signingDigest(domain: .l1Transaction, chainID: "strata-devnet-1", message: Self.message)
                    == Hash.blake2b(writer.bytes))
        }

        @Test("the length prefixes keep tag, chain id and message apart")
        func prefixesDisambiguate() {
            let a = signingDigest(domain: SigningDomain("ab"), chainID: "c", message: [])
            let b = signingDigest(domain: SigningDomain("a"), chainID: "bc", message: [])
            let c = signingDigest(domain: SigningDomain("a"), chainID: "b", message: Array("c".utf8))
            #expect(Set([a, b, c]).count == 3)
        }

        @Test("the documented domain constants have their documented tags, all distinct")
        func domainConstants() {
            let domains: [SigningDomain] = [
                .l1Transaction, .l1Vote, .l1Proposal, .l2Transaction, .l2SoftConfirmation, .p2pHandshake,
            ]
            #expect(
                domains.map(\.tag) == [
                    "strata/l1/tx/v1", "strata/l1/vote/v1", "strata/l1/proposal/v1", "strata/l2/tx/v1",
                    "strata/l2/receipt/v2", "strata/p2p/handshake/v1",
                ])
            #expect(Set(domains).count == domains.count)
        }

        @Test("a Schnorr signature for domain A or chain X does not verify under domain B or chain Y")
        func schnorrDomainSeparation() {
            let key = AccountPrivateKey()
            let signature = key.sign(domain: .l1Transaction, chainID: "strata-devnet-1", message: Self.message)
            let publicKey = key.publicKey
            #expect(
                publicKey.verify(signature, domain: .l1Transaction, chainID: "strata-devnet-1", message: Self.message))
            #expect(
                !publicKey.verify(signature, domain: .l2Transaction, chainID: "strata-devnet-1", message: Self.message))
            #expect(
                !publicKey.verify(signature, domain: .l1Transaction, chainID: "strata-mainnet-1", message: Self.message)
            )
            #expect(
                !publicKey.verify(signature, domain: .l1Transaction, chainID: "strata-devnet-1", message: [1, 2, 4]))
            #expect(!publicKey.verify(signature, message: Self.message), "the raw message is not what was signed")
        }

        @Test("an Ed25519 signature for domain A or chain X does not verify under domain B or chain Y")
        func ed25519DomainSeparation() {
            let key = Ed25519PrivateKey()
            let signature = key.sign(domain: .l1Vote, chainID: "strata-devnet-1", message: Self.message)
            let publicKey = key.publicKey
            #expect(publicKey.verify(signature, domain: .l1Vote, chainID: "strata-devnet-1", message: Self.message))
            #expect(
                !publicKey.verify(signature, domain: .l1Proposal, chainID: "strata-devnet-1", message: Self.message))
            #expect(!publicKey.verify(signature, domain: .l1Vote, chainID: "strata-testnet-1", message: Self.message))
            #expect(!publicKey.verify(signature, domain: .l1Vote, chainID: "strata-devnet-1", message: [3, 2, 1]))
        }
    }
}
