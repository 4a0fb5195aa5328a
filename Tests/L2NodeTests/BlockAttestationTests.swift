import Common
import L2Node
import TestSupport
import Testing

@Suite(
    "Block attestations: the sequencer's signature over a sealed block's number, time, hash and state root, and when it was the latest"
)
struct BlockAttestationTests {
    /// The vector of docs/l2-api.md: block 300 sealed at 1,700,000,000,000 ms, hash all 0x11, state root all 0x22,
    /// the latest at 1,700,000,004,500 ms, chain strata-l2-devnet-1.
    static let statement = BlockAttestation(
        number: 300, timestampMillis: 1_700_000_000_000, blockHash: Hash(bytes: [UInt8](repeating: 0x11, count: 32))!,
        stateRoot: Hash(bytes: [UInt8](repeating: 0x22, count: 32))!, latestAtMillis: 1_700_000_004_500)
    static let chainID = "strata-l2-devnet-1"
    static let message =
        "ac0280d095ffbc31" + String(repeating: "11", count: 32) + String(repeating: "22", count: 32) + "94f395ffbc31"
    /// Derived independently by docs/reference/l2_transactions_reference.py.
    static let digest = "4d024a79e9885d5b72f9ee1ca780e9fbc7dd5c207889cc65739ed84616806829"

    @Test("golden: the message and digest, and docs/l2-api.md prints them")
    func golden() throws {
        #expect(Hex.encode(Self.statement.message) == Self.message)
        #expect(Self.statement.signingDigest(chainID: Self.chainID).description == Self.digest)
        let page = try Repository.text("docs/l2-api.md")
        #expect(page.contains(Self.message))
        #expect(page.contains(Self.digest))
    }

    @Test("a signature verifies for its statement, chain and key only")
    func verification() throws {
        let key = try AccountPrivateKey(bytes: [UInt8](repeating: 7, count: 32))
        let signature = Self.statement.sign(chainID: Self.chainID, key: key)
        #expect(Self.statement.verify(signature, sequencer: key.publicKey, chainID: Self.chainID))
        var otherRoot = Self.statement
        otherRoot.stateRoot = Hash.blake2b([1])
        var otherNumber = Self.statement
        otherNumber.number += 1
        var otherHash = Self.statement
        otherHash.blockHash = Hash.blake2b([2])
        var otherTime = Self.statement
        otherTime.timestampMillis += 1
        var otherLatest = Self.statement
        otherLatest.latestAtMillis = nil
        for changed in [otherRoot, otherNumber, otherHash, otherTime, otherLatest] {
            #expect(!changed.verify(signature, sequencer: key.publicKey, chainID: Self.chainID))
        }
        #expect(!Self.statement.verify(signature, sequencer: key.publicKey, chainID: "strata-l2-other"))
        let stranger = try AccountPrivateKey(bytes: [UInt8](repeating: 8, count: 32))
        #expect(!Self.statement.verify(signature, sequencer: stranger.publicKey, chainID: Self.chainID))
        // A transaction or soft-confirmation signature over the same bytes does not pass as an attestation.
        let asTransaction = key.sign(
            digest: signingDigest(domain: .l2Transaction, chainID: Self.chainID, message: Self.statement.message))
        #expect(!Self.statement.verify(asTransaction, sequencer: key.publicKey, chainID: Self.chainID))
    }
}
