import Common
import L2Runtime
import Testing

@testable import Bridge

@Suite("the batch verifier: re-execution, the aggregate signature and the commitment give one verdict")
struct BatchVerifierTests {
    static let verifier = BatchVerifier(runtime: Runtime(config: FundedGenesis.config))

    /// A sequenced segment, its batch contents, its encoded batch and commitment.
    static func batch(seed: UInt64, blocks count: Int = 4) throws -> (
        genesis: FundedGenesis, blocks: [Block], contents: BatchContents, commitment: BatchCommitment
    ) {
        let genesis = FundedGenesis(accounts: 8)
        let blocks = try BatchReexecutionTests.sequencedBlocks(genesis, blockCount: count, seed: seed)
        var sequencerState = try genesis.state()
        for block in blocks { _ = try verifier.runtime.reexecute(block, state: &sequencerState) }
        let contents = try BatchReexecutionTests.contents(blocks, state: &sequencerState)
        let encoded = try BatchEncoder().encode(contents)
        let commitment = BatchCommitment(
            rollupID: FundedGenesis.config.chainID, batchIndex: 0, parentBatchHash: .zero, blocks: blocks,
            batch: encoded)
        return (genesis, blocks, try BatchDecoder().decode(encoded.data), commitment)
    }

    @Test("a sequenced batch is valid, and leaves the state at its last block's root")
    func valid() throws {
        let (genesis, blocks, contents, commitment) = try Self.batch(seed: 21)
        var state = try genesis.state()
        let verdict = try Self.verifier.verify(contents, commitment: commitment, state: &state)
        #expect(verdict == .valid(stateRoot: blocks[blocks.count - 1].header.stateRoot))
        #expect(verdict.isValid)
        #expect(try state.root() == blocks[blocks.count - 1].header.stateRoot)
        var again = try genesis.state()
        let threaded = BatchVerifier(runtime: Self.verifier.runtime, signatureThreads: 2)
        #expect(try threaded.verify(contents, commitment: commitment, state: &again) == verdict)
    }

    @Test("a verifier made from the parent state runs under the parameters it commits to; a bare state has none")
    func parametersFromTheState() throws {
        let (genesis, blocks, contents, commitment) = try Self.batch(seed: 23)
        var state = try genesis.state()
        let verifier = try BatchVerifier(committedIn: &state)
        #expect(verifier.runtime.config == FundedGenesis.config)
        #expect(
            try verifier.verify(contents, commitment: commitment, state: &state)
                == .valid(stateRoot: blocks[blocks.count - 1].header.stateRoot))
        var bare = StateOverlay(tree: try StateTree.inMemory())
        #expect(throws: StateError.self) { try BatchVerifier(committedIn: &bare) }
    }

    @Test("a wrong state root in block 2 is named, with the header re-execution gives")
    func blockMismatch() throws {
        var (genesis, _, contents, _) = try Self.batch(seed: 22)
        let honest = contents.blocks[1].header
        contents.blocks[1].header.stateRoot = Hash.blake2b([1])
        var state = try genesis.state()
        let verdict = try Self.verifier.verify(contents, state: &state)
        #expect(verdict == .blockMismatch(number: honest.number, claimed: contents.blocks[1].header, computed: honest))
        #expect(!verdict.isValid)
    }

    @Test("a changed aggregate, or a body changed under it, is a bad signature or a mismatch, never valid")
    func badSignature() throws {
        let (genesis, _, contents, _) = try Self.batch(seed: 23)
        var changed = contents
        var bytes = changed.signature.bytes
        bytes[bytes.count - 1] ^= 1
        changed.signature = try HalfAggregateSignature(bytes: bytes)
        var state = try genesis.state()
        #expect(try Self.verifier.verify(changed, state: &state) == .badSignature)

        // Another valid body under the same aggregate: its header no longer matches (the txs root changed).
        var other = contents
        other.blocks[0].transactions[0].nonce += 1
        state = try genesis.state()
        #expect(!(try Self.verifier.verify(other, state: &state)).isValid)
    }

    @Test("a commitment that does not describe the blocks is refused before any execution")
    func commitmentMismatch() throws {
        let (genesis, _, contents, commitment) = try Self.batch(seed: 24)
        var state = try genesis.state()
        let before = try state.root()
        var wrongRange = commitment
        wrongRange.lastBlock += 1
        var wrongRoot = commitment
        wrongRoot.finalStateRoot = .zero
        var wrongHeaders = commitment
        wrongHeaders.headersRoot = .zero
        for bad in [wrongRange, wrongRoot, wrongHeaders] {
            guard case .commitmentMismatch = try Self.verifier.verify(contents, commitment: bad, state: &state) else {
                Issue.record("a commitment mismatch expected")
                continue
            }
        }
        #expect(try state.root() == before)
    }
}
