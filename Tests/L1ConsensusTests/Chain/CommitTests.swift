import Common
import L1Consensus
import Testing

@Suite("Commit verification")
struct CommitTests {
    let fx = ConsensusFixture()
    let block: Block

    init() {
        block = fx.block(0xB)
    }

    private func verify(_ commit: Commit, chainID: String = ConsensusFixture.chainID) -> CommitError? {
        do {
            try commit.verify(chainID: chainID, validators: fx.validators)
            return nil
        } catch {
            return error
        }
    }

    @Test("a commit with more than two thirds of the power for the block verifies, nil votes and absences included")
    func good() {
        #expect(verify(fx.commit(block, signers: [0, 1, 2, 3])) == nil)
        #expect(verify(fx.commit(block, signers: [0, 1, 3], nilVoters: [2])) == nil)
        #expect(verify(fx.commit(block, round: 5, signers: [1, 2, 3])) == nil)
    }

    @Test("a signature that does not verify is refused with its index")
    func badSignature() {
        let good = fx.commit(block, signers: [0, 1, 2, 3])
        var entries = good.signatures
        entries.swapAt(1, 2)
        let swapped = Commit(height: good.height, round: good.round, blockID: good.blockID, signatures: entries)
        #expect(verify(swapped) == .badSignature(index: 1))
        // A precommit for the block presented as a nil vote does not verify as one.
        entries = good.signatures
        if case .commit(let signature) = entries[3] { entries[3] = .nilVote(signature) }
        let relabelled = Commit(height: good.height, round: good.round, blockID: good.blockID, signatures: entries)
        #expect(verify(relabelled) == .badSignature(index: 3))
        // Signatures are bound to the chain, the round and the height.
        #expect(verify(good, chainID: "another-chain") == .badSignature(index: 0))
        let otherRound = Commit(
            height: good.height, round: Round(1), blockID: good.blockID, signatures: good.signatures)
        #expect(verify(otherRound) == .badSignature(index: 0))
    }

    @Test("two thirds of the power or less is refused, even with valid signatures")
    func insufficientPower() {
        #expect(
            verify(fx.commit(block, signers: [0, 1], nilVoters: [2, 3])) == .insufficientPower(committed: 20, total: 40)
        )
        #expect(verify(fx.commit(block, signers: [])) == .insufficientPower(committed: 0, total: 40))
        // Exactly two thirds: 20 of 30.
        let three = ConsensusFixture(powers: [10, 10, 10])
        let commit = three.commit(three.block(0xB), signers: [0, 1], nilVoters: [2])
        #expect(throws: CommitError.insufficientPower(committed: 20, total: 30)) {
            try commit.verify(chainID: ConsensusFixture.chainID, validators: three.validators)
        }
    }

    @Test("a commit with a different number of entries than the set is refused")
    func wrongSize() {
        let good = fx.commit(block, signers: [0, 1, 2, 3])
        let short = Commit(
            height: good.height, round: good.round, blockID: good.blockID, signatures: Array(good.signatures.prefix(3)))
        #expect(verify(short) == .wrongSize(expected: 4, actual: 3))
        let long = Commit(
            height: good.height, round: good.round, blockID: good.blockID, signatures: good.signatures + [.absent])
        #expect(verify(long) == .wrongSize(expected: 4, actual: 5))
    }

    @Test("the commit hash is BLAKE2b-256 of its canonical encoding, and each entry stands for its precommit")
    func hashAndVotes() {
        let commit = fx.commit(block, signers: [0, 1, 2], nilVoters: [3])
        #expect(commit.hash == Hash.blake2b(commit.canonicalBytes))
        #expect(
            commit.vote(forEntry: commit.signatures[0])
                == Vote(type: .precommit, height: Height(1), round: .zero, blockID: block.id))
        #expect(
            commit.vote(forEntry: commit.signatures[3])
                == Vote(type: .precommit, height: Height(1), round: .zero, blockID: nil))
        #expect(commit.vote(forEntry: .absent) == nil)
    }
}
