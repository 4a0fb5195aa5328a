import Common
import L2Runtime
import Testing

@testable import Bridge

@Suite("batch commitments chain batches together")
struct BatchCommitmentTests {
    /// Three batches over a 9-block segment, committed in a chain.
    static func chain() throws -> [(EncodedBatch, BatchCommitment)] {
        let blocks = BatchFixtures.randomBlocks(seed: 3, blockCount: 9, maxTransactions: 5)
        var out: [(EncodedBatch, BatchCommitment)] = []
        var parent = Hash.zero
        for index in 0..<3 {
            let slice = Array(blocks[index * 3..<index * 3 + 3])
            let batch = try BatchEncoder().encode(slice)
            let commitment = BatchCommitment(
                rollupID: "strata-l2", batchIndex: UInt64(index), parentBatchHash: parent, blocks: slice, batch: batch)
            parent = commitment.hash
            out.append((batch, commitment))
        }
        return out
    }

    @Test("each batch names the previous batch's hash; the fields come from its blocks and bytes")
    func hashChain() throws {
        let chain = try Self.chain()
        #expect(chain[0].1.follows(nil))
        #expect(chain[1].1.follows(chain[0].1))
        #expect(chain[2].1.follows(chain[1].1))
        #expect(!chain[2].1.follows(chain[0].1))
        #expect(Set(chain.map(\.1.hash)).count == 3)
        for (batch, commitment) in chain {
            let blocks = try BatchDecoder().decode(batch.data).blocks
            #expect(commitment.firstBlock == blocks[0].header.number)
            #expect(commitment.lastBlock == blocks[2].header.number)
            #expect(commitment.headersRoot == MerkleList.root(blocks.map(\.header.canonicalBytes)))
            #expect(commitment.finalStateRoot == blocks[2].header.stateRoot)
            #expect(commitment.dataHash == Hash.blake2b(batch.data))
            #expect(commitment.inboxMessagesConsumed == 0)
            #expect(try BatchCommitment(canonicalBytes: commitment.canonicalBytes) == commitment)
            #expect(commitment.hash == Hash.blake2b(commitment.canonicalBytes))
        }
    }

    @Test("a commitment whose last block comes before its first does not decode")
    func badRange() throws {
        var commitment = try Self.chain()[0].1
        commitment.lastBlock = commitment.firstBlock - 1
        #expect(throws: CodecError.self) { try BatchCommitment(canonicalBytes: commitment.canonicalBytes) }
    }

    @Test("the memory sink takes batches in chain order, ignores a repeat and refuses the rest")
    func memorySinkOrder() async throws {
        let chain = try Self.chain()
        let sink = MemoryBatchSink()
        await #expect(throws: BatchSinkError.outOfOrder(expectedIndex: 0, found: 1)) {
            try await sink.submit(chain[1].0, commitment: chain[1].1)
        }
        try await sink.submit(chain[0].0, commitment: chain[0].1)
        try await sink.submit(chain[0].0, commitment: chain[0].1)
        await #expect(throws: BatchSinkError.dataMismatch(batchIndex: 1)) {
            try await sink.submit(chain[2].0, commitment: chain[1].1)
        }
        try await sink.submit(chain[1].0, commitment: chain[1].1)
        var forked = chain[1].1
        forked.finalStateRoot = .zero
        await #expect(throws: BatchSinkError.conflict(batchIndex: 1)) {
            try await sink.submit(chain[1].0, commitment: forked)
        }
        #expect(await sink.entries.count == 2)
        #expect(await sink.repeatedSubmissions == 1)
        #expect(try await sink.lastCommitment() == chain[1].1)
    }
}
