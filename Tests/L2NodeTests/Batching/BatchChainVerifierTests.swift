import Bridge
import Common
import Foundation
import L2Runtime
import Logging
import TestSupport
import Testing

@testable import L2Node

@Suite("rebuilding a rollup from its genesis by its batches alone, as a verifier node does")
struct BatchChainVerifierTests {
    /// A data space's life (programs, a zone, resources, joins, an execution requested, started and delivered)
    /// sealed one transaction a block, batched two blocks a batch into memory.
    static func batchedDataSpace() async throws -> (DataSpaceChain, [MemoryBatchSink.Entry]) {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        try await space.report(execution, .started)
        try await space.report(execution, .delivered, consumed: [space.dataset])
        let sink = MemoryBatchSink()
        try await space.sequencer.batchAll(into: sink, maxBlocks: 2)
        return (space, await sink.entries)
    }

    static func verifier(_ genesis: RollupGenesis) throws -> BatchChainVerifier {
        try BatchChainVerifier(genesis: genesis, tree: try StateTree.inMemory())
    }

    /// The failure `verify` throws, or `nil`.
    static func failure(
        _ verifier: inout BatchChainVerifier, _ batch: EncodedBatch, _ commitment: BatchCommitment
    ) throws -> BatchChainFailure? {
        do {
            _ = try verifier.verify(batch, commitment: commitment)
            return nil
        } catch let failure as BatchChainFailure {
            return failure
        }
    }

    @Test("every batch verifies, and the rebuilt state and tip are the sequencer's")
    func rebuildsTheSequencersState() async throws {
        let (space, entries) = try await Self.batchedDataSpace()
        let tip = space.sequencer.committedTip
        #expect(entries.count == Int((tip.number + 1) / 2))
        var verifier = try Self.verifier(space.chain.genesis)
        #expect(verifier.genesisHeader.hash == space.sequencer.genesisHash)
        var transactions = 0
        for entry in entries {
            let verified = try verifier.verify(entry.batch, commitment: entry.commitment)
            transactions += verified.transactionCount
        }
        #expect(transactions == Int(tip.number))
        #expect(verifier.tip == tip)
        #expect(try verifier.stateRoot() == tip.stateRoot)
        #expect(verifier.last == entries.last?.commitment)
    }

    @Test("a batch out of order, of another rollup, with other bytes, or off another genesis is refused")
    func refusesWhatDoesNotFollow() async throws {
        let (space, entries) = try await Self.batchedDataSpace()
        let genesis = space.chain.genesis
        let (first, second) = (entries[0], entries[1])

        var verifier = try Self.verifier(genesis)
        #expect(
            try Self.failure(&verifier, second.batch, second.commitment)
                == .outOfOrder(
                    batchIndex: 1, expected: "expected batch 0 with no parent"))
        var otherRollup = first.commitment
        otherRollup.rollupID = "strata-l2-other"
        #expect(
            try Self.failure(&verifier, first.batch, otherRollup)
                == .wrongRollup(batchIndex: 0, rollupID: "strata-l2-other", expected: TestChain.chainID))
        // The bytes of batch 1 under batch 0's commitment.
        #expect(try Self.failure(&verifier, second.batch, first.commitment) == .dataMismatch(batchIndex: 0))
        // Nothing moved: batch 0 then verifies, and batch 0 again does not follow it.
        _ = try verifier.verify(first.batch, commitment: first.commitment)
        if case .outOfOrder = try Self.failure(&verifier, first.batch, first.commitment) {
        } else {
            Issue.record("batch 0 was taken twice")
        }

        // Another genesis (another minimum fee, or one balance more) gives another block 0: block 1 does not
        // name it as its parent, so a verifier never re-executes under the wrong parameters or balances.
        var otherFee = genesis
        otherFee.minimumFee = 7
        var otherBalance = genesis
        otherBalance.accounts[0].balance = 999
        for other in [otherFee, otherBalance] {
            var stranger = try Self.verifier(other)
            #expect(try Self.failure(&stranger, first.batch, first.commitment) == .brokenLink(batchIndex: 0, block: 1))
        }
    }

    @Test("a batch whose last block claims a wrong state root is invalid at that block; the honest one then verifies")
    func namesTheWrongBlock() async throws {
        let (space, entries) = try await Self.batchedDataSpace()
        let (first, second) = (entries[0], entries[1])
        var forged = try BatchDecoder().decode(second.batch)
        let last = forged.blocks.count - 1
        let honest = forged.blocks[last].header
        forged.blocks[last].header.stateRoot = Hash.blake2b([7])
        let batch = try BatchEncoder().encode(forged)
        let headers = forged.blocks.map(\.header)
        let commitment = BatchCommitment(
            rollupID: TestChain.chainID, batchIndex: 1, parentBatchHash: first.commitment.hash,
            firstBlock: headers[0].number, lastBlock: honest.number, headersRoot: BatchCommitment.headersRoot(headers),
            finalStateRoot: forged.blocks[last].header.stateRoot, inboxMessagesConsumed: 0, dataHash: batch.dataHash)

        var verifier = try Self.verifier(space.chain.genesis)
        _ = try verifier.verify(first.batch, commitment: first.commitment)
        let rootBefore = try verifier.stateRoot()
        #expect(
            try Self.failure(&verifier, batch, commitment)
                == .invalid(
                    batchIndex: 1,
                    verdict: .blockMismatch(
                        number: honest.number, claimed: forged.blocks[last].header, computed: honest)))
        #expect(try verifier.stateRoot() == rootBefore && verifier.last == first.commitment)
        _ = try verifier.verify(second.batch, commitment: second.commitment)
        #expect(verifier.tip.number == second.commitment.lastBlock)
    }

    @Test("a verifier resumes from its checkpoint on its own state file, and refuses another genesis or state")
    func resumes() async throws {
        let (space, entries) = try await Self.batchedDataSpace()
        let genesis = space.chain.genesis
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let path = directory.url.path + "/state.sqlite"
        let half = entries.count / 2
        var saved: VerifierCheckpoint
        do {
            var first = try BatchChainVerifier(genesis: genesis, tree: StateTree(path: path))
            for entry in entries[..<half] { _ = try first.verify(entry.batch, commitment: entry.commitment) }
            saved = try VerifierCheckpoint(canonicalBytes: first.checkpoint.canonicalBytes)
            #expect(saved == first.checkpoint && saved.last == entries[half - 1].commitment)
        }
        var resumed = try BatchChainVerifier(resuming: saved, genesis: genesis, tree: StateTree(path: path))
        #expect(resumed.tip == saved.tip && resumed.genesisHeader.hash == space.sequencer.genesisHash)
        // The next batch after the checkpoint follows; one the checkpoint already holds does not.
        if case .outOfOrder = try Self.failure(&resumed, entries[half - 1].batch, entries[half - 1].commitment) {
        } else {
            Issue.record("a verified batch was taken again after resuming")
        }
        for entry in entries[half...] { _ = try resumed.verify(entry.batch, commitment: entry.commitment) }
        #expect(resumed.tip == space.sequencer.committedTip)
        #expect(try resumed.stateRoot() == space.sequencer.committedTip.stateRoot)

        // Another genesis, a state elsewhere than the checkpoint, a state at its block with another root.
        var otherFee = genesis
        otherFee.minimumFee = 7
        #expect(throws: VerifierResumeError.self) {
            try BatchChainVerifier(resuming: saved, genesis: otherFee, tree: StateTree(path: path))
        }
        do {
            _ = try BatchChainVerifier(resuming: saved, genesis: genesis, tree: StateTree(path: path))
            Issue.record("resumed on a state ahead of the checkpoint")
        } catch let error as VerifierResumeError {
            #expect(
                error
                    == .stateElsewhere(
                        treeVersion: space.sequencer.committedTip.number, checkpointBlock: saved.tip.number))
        }
        var wrongRoot = saved
        wrongRoot.tip = space.sequencer.committedTip
        wrongRoot.tip.stateRoot = Hash.blake2b([1])
        #expect(throws: VerifierResumeError.self) {
            try BatchChainVerifier(resuming: wrongRoot, genesis: genesis, tree: StateTree(path: path))
        }
        #expect(throws: CodecError.self) {
            try VerifierCheckpoint(canonicalBytes: [2] + saved.canonicalBytes.dropFirst())
        }
    }

    @Test("the tree must be empty: a verifier rebuilds from the genesis only")
    func needsAnEmptyTree() throws {
        let tree = try StateTree.inMemory()
        try tree.commit([], version: 0)
        #expect(throws: StateError.self) { try BatchChainVerifier(genesis: TestChain().genesis, tree: tree) }
    }
}
