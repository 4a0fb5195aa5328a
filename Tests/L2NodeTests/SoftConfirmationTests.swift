import L2Node
import L2Runtime
import TestSupport
import Testing

@testable import Common

@Suite("Soft confirmations: one signature per answered set, each checkable alone, golden vector")
struct SoftConfirmationTests {
    static func repeated(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: 32) }

    /// The golden set of docs/l2-sequencer.md: block 12, indexes 3-5, the second failed (insufficientFunds).
    static let confirmations = [
        SoftConfirmation(transactionHash: Hash(bytes: repeated(0x11))!, blockNumber: 12, index: 3, status: .success),
        SoftConfirmation(
            transactionHash: Hash(bytes: repeated(0x22))!, blockNumber: 12, index: 4,
            status: .failed(.insufficientFunds)),
        SoftConfirmation(transactionHash: Hash(bytes: repeated(0x33))!, blockNumber: 12, index: 5, status: .success),
    ]
    static let chainID = "strata-l2"
    static let key = try! AccountPrivateKey(bytes: repeated(0x07))

    /// Values computed by docs/reference/l2_confirmation_reference.py.
    static let sequencerKey = "989c0b76cb563971fdc9bef31ec06c3560f3249d6ee9e5d83c57625596e05f6f"
    static let confirmationHexes = [
        "1111111111111111111111111111111111111111111111111111111111111111" + "0c0300",
        "2222222222222222222222222222222222222222222222222222222222222222" + "0c040165",
        "3333333333333333333333333333333333333333333333333333333333333333" + "0c0500",
    ]
    static let root = "e8556cbcdcf0daca949980031fd7f6ec61de5983a2a2a2eddb7fd2ad117436a5"
    static let digest = "c55fae4f21d0fba05985b4e108e0522e0d15d4cd4b39346666358c7ae87202fb"
    static let signature =
        "802b1305fc2e6e749a54e184a79c157df2e8cbaedc6f154b39efb38070c3931d"
        + "9a02601894eacf421bd4620d0bbe82f10ca61e038a7c44ce3f90a6d1e0b8383d"
    static let secondProof =
        "010302" + "66f415d4ea98c4afc6b926681523d642fef3081bdd44dccf4226c7989eb2f289"
        + "1dd94049b1bfed3cf4e002bc9a4c3a3362882bb22c9c92426f48edf35257f4ad"

    @Test("golden: bytes, root, signed message, digest, deterministic signature and a proof")
    func golden() throws {
        #expect(Hex.encode(Self.key.publicKey.bytes) == Self.sequencerKey)
        #expect(Self.confirmations.map { Hex.encode($0.canonicalBytes) } == Self.confirmationHexes)
        let leaves = SoftConfirmationSet.leafHashes(Self.confirmations)
        let root = MerkleList.root(leafHashes: leaves)
        #expect(root.description == Self.root)
        #expect(Hex.encode(SoftConfirmationSet.signedMessage(root: root, count: 3)) == Self.root + "03")
        let digest = SoftConfirmationSet.signingDigest(Self.confirmations, chainID: Self.chainID)
        #expect(digest.description == Self.digest)
        let signature = Self.key.sign(
            digest: digest, auxiliaryRandomness: Bytes32([UInt8](repeating: 0xC0, count: 32))!)
        #expect(signature.description == Self.signature)
        #expect(Hex.encode(MerkleList.proofs(leafHashes: leaves)[1].canonicalBytes) == Self.secondProof)
        // What the sequencer hands out verifies whatever its auxiliary randomness.
        let signed = SoftConfirmationSet.sign(Self.confirmations, chainID: Self.chainID, key: Self.key)
        #expect(signed.allSatisfy { $0.verify(chainID: Self.chainID) })
        #expect(Hex.encode(signed[1].proof.canonicalBytes) == Self.secondProof)
        // The golden signature too, set-wide and alone.
        let golden = SoftConfirmationSet.signed(
            Self.confirmations, signature: try SchnorrSignature(hex: Self.signature), sequencer: Self.key.publicKey)
        #expect(golden.allSatisfy { $0.verify(chainID: Self.chainID) })
        #expect(
            SoftConfirmationSet.verify(
                Self.confirmations, signature: golden[0].signature, sequencer: Self.key.publicKey,
                chainID: Self.chainID))
    }

    @Test("a changed confirmation, proof, count, chain or key does not verify")
    func tampering() throws {
        let signed = SoftConfirmationSet.sign(Self.confirmations, chainID: Self.chainID, key: Self.key)
        var changed = signed[1]
        changed.confirmation.status = .success
        #expect(!changed.verify(chainID: Self.chainID))
        var moved = signed[1]
        moved.proof.index = 0
        #expect(!moved.verify(chainID: Self.chainID))
        var swapped = signed[0]
        swapped.proof = signed[2].proof
        #expect(!swapped.verify(chainID: Self.chainID))
        var recounted = signed[2]
        recounted.proof.count = 4
        #expect(!recounted.verify(chainID: Self.chainID))
        var shortened = signed[0]
        shortened.proof.path.removeLast()
        #expect(!shortened.verify(chainID: Self.chainID))
        #expect(!signed[0].verify(chainID: "strata-l2-other"))
        var otherKey = signed[0]
        otherKey.sequencer = AccountPrivateKey().publicKey
        #expect(!otherKey.verify(chainID: Self.chainID))
        // The whole set: reordered, or one left out.
        let signature = signed[0].signature
        let key = Self.key.publicKey
        let reordered = [Self.confirmations[1], Self.confirmations[0], Self.confirmations[2]]
        #expect(!SoftConfirmationSet.verify(reordered, signature: signature, sequencer: key, chainID: Self.chainID))
        let partial = Array(Self.confirmations.prefix(2))
        #expect(!SoftConfirmationSet.verify(partial, signature: signature, sequencer: key, chainID: Self.chainID))
        #expect(!SoftConfirmationSet.verify([], signature: signature, sequencer: key, chainID: Self.chainID))
        #expect(SoftConfirmationSet.sign([], chainID: Self.chainID, key: Self.key).isEmpty)
    }

    @Test("a binary answer carries the set's signature once, and refusals between confirmations keep their place")
    func binaryAnswer() throws {
        let signed = SoftConfirmationSet.sign(Self.confirmations, chainID: Self.chainID, key: Self.key)
        let bytes = BinaryBatch.encode([
            .success(signed[0]), .failure(.rejected(.nonceTooLow)), .success(signed[1]), .success(signed[2]),
        ])
        let answer = try BinaryBatch.decode(bytes, maxResults: 4)
        #expect(answer.results.count == 4)
        #expect(answer.confirmations == Self.confirmations)
        #expect(answer.verify(sequencer: Self.key.publicKey, chainID: Self.chainID))
        #expect(answer.signedConfirmations(sequencer: Self.key.publicKey) == signed)
        // Nothing confirmed: no signature, and the answer verifies trivially.
        let refused = try BinaryBatch.decode(BinaryBatch.encode([.failure(.rejected(.badSignature))]), maxResults: 1)
        #expect(refused.signature == nil && refused.verify(sequencer: Self.key.publicKey, chainID: Self.chainID))
        // A bad signature tag, a truncated answer, more results than asked for and a byte left over are errors.
        var badTag = bytes
        badTag[1] = 2
        #expect(throws: CodecError.self) { try BinaryBatch.decode(badTag, maxResults: 4) }
        #expect(throws: CodecError.self) { try BinaryBatch.decode(Array(bytes.dropLast()), maxResults: 4) }
        #expect(throws: CodecError.self) { try BinaryBatch.decode(bytes, maxResults: 3) }
        #expect(throws: CodecError.self) { try BinaryBatch.decode(bytes + [0], maxResults: 4) }
    }

    @Test("the independent Python derivation agrees, and docs/l2-sequencer.md prints the vector")
    func reference() throws {
        let run = try Repository.runPython("docs/reference/l2_confirmation_reference.py")
        #expect(run.status == 0, "l2_confirmation_reference.py failed:\n\(run.output)")
        let script = try Repository.text("docs/reference/l2_confirmation_reference.py")
            .replacingOccurrences(of: "\"\n    \"", with: "")
        let page = try Repository.text("docs/l2-sequencer.md").replacingOccurrences(of: "\n", with: "")
        for value in [Self.sequencerKey, Self.root, Self.digest, Self.signature, Self.secondProof]
            + Self.confirmationHexes
        {
            #expect(script.contains(value), "the script checks \(value.prefix(16))...")
            #expect(page.contains(value), "the page prints \(value.prefix(16))...")
        }
    }
}
