import Common
import L2Runtime
import Testing

@testable import Bridge

/// A funded genesis state, written as the runtime writes new accounts (account record, index entry, counter).
struct FundedGenesis {
    static let config = RuntimeConfig(chainID: BatchFixtures.chainID, minimumFee: 10)
    let keys: [AccountPrivateKey]

    init(accounts: Int) {
        keys = Array(BatchFixtures.keys.prefix(accounts))
    }

    /// A fresh state (a temporary in-memory tree) holding the genesis accounts, each with its key, index and
    /// 1,000,000 units.
    func state() throws -> StateOverlay {
        var state = StateOverlay(tree: try StateTree.inMemory())
        for (position, key) in keys.enumerated() {
            let index = AccountIndex(UInt64(position))
            let account = Account(publicKey: key.publicKey, index: index, nonce: 0, balance: 1_000_000)
            try state.set(StateKeys.account(key.publicKey.address), account.canonicalBytes)
            try state.set(StateKeys.accountIndex(index), key.publicKey.address.bytes)
        }
        try state.set(StateKeys.nextAccountIndex, AccountIndex(UInt64(keys.count)).canonicalBytes)
        return state
    }
}

@Suite("a decoded batch re-executed from its parent state reproduces every block")
struct BatchReexecutionTests {
    /// Blocks the sequencer would make: transfers among funded accounts (by index mostly, by key at times), to
    /// new accounts, some failing (too much, malformed payload) and some rejected (unknown index, bad nonce).
    static func sequencedBlocks(_ genesis: FundedGenesis, blockCount: Int, seed: UInt64) throws -> [Block] {
        let runtime = Runtime(config: FundedGenesis.config)
        var state = try genesis.state()
        var random = SplitMix64(seed: seed)
        var nonces = [UInt64](repeating: 0, count: genesis.keys.count)
        var parent = Hash.zero
        var time: UInt64 = 1_760_000_000_000
        var blocks: [Block] = []
        for number in 1...UInt64(blockCount) {
            var transactions: [SignedTransaction] = []
            for _ in 0..<Int.random(in: 0...25, using: &random) {
                let from = Int.random(in: 0..<genesis.keys.count, using: &random)
                let recipient =
                    Int.random(in: 0..<5, using: &random) == 0
                    ? try Address(bytes: random.bytes(20))
                    : genesis.keys[Int.random(in: 0..<genesis.keys.count, using: &random)].publicKey.address
                var payload = TransferPayload(
                    recipient: recipient, amount: Amount(UInt128(Int.random(in: 1...20_000, using: &random)))
                )
                .canonicalBytes
                if Int.random(in: 0..<15, using: &random) == 0 { payload = [0xFF] }
                let key = genesis.keys[from]
                var sender: TransactionSender =
                    Int.random(in: 0..<4, using: &random) == 0
                    ? .key(key.publicKey) : .index(AccountIndex(UInt64(from)))
                var nonce = nonces[from]
                switch Int.random(in: 0..<30, using: &random) {
                case 0: sender = .index(AccountIndex(999))  // rejected: unknown sender
                case 1: nonce += 5  // rejected: nonce too high
                default: nonces[from] += 1
                }
                let body = Transaction(
                    chainID: FundedGenesis.config.chainID, sender: sender, nonce: nonce,
                    fee: Amount(UInt128(Int.random(in: 10...40, using: &random))), kind: .transfer, payload: payload)
                transactions.append(SignedTransaction(signing: body, with: key))
            }
            time += UInt64.random(in: 100...250, using: &random)
            let execution = try runtime.execute(
                BlockContext(number: number, parentHash: parent, timestampMillis: time), transactions: transactions,
                state: &state)
            let block = execution.block(transactions)
            blocks.append(block)
            parent = block.hash
        }
        return blocks
    }

    @Test("re-executing the decoded blocks from genesis reproduces each header, state root included")
    func reexecutionReproducesRoots() throws {
        let genesis = FundedGenesis(accounts: 12)
        let blocks = try Self.sequencedBlocks(genesis, blockCount: 8, seed: 4)
        #expect(blocks.reduce(0) { $0 + $1.transactions.count } > 40)
        let batch = try BatchEncoder().encode(blocks, level: 19)
        let decoded = try BatchDecoder().decode(batch.data)
        #expect(decoded == blocks)

        let runtime = Runtime(config: FundedGenesis.config)
        var state = try genesis.state()
        for block in decoded {
            let execution = try runtime.reexecute(block, state: &state)
            #expect(execution.header.stateRoot == block.header.stateRoot)
            #expect(execution.header == block.header)
        }
        let commitment = BatchCommitment(
            rollupID: FundedGenesis.config.chainID, batchIndex: 0, parentBatchHash: .zero, blocks: decoded, batch: batch
        )
        #expect(commitment.finalStateRoot == (try state.root()))
    }

    @Test("a batch whose state root was altered is caught by re-execution")
    func alteredStateRootIsCaught() throws {
        let genesis = FundedGenesis(accounts: 6)
        var blocks = try Self.sequencedBlocks(genesis, blockCount: 3, seed: 11)
        blocks[1].header.stateRoot = .zero
        blocks[2].header.parentHash = blocks[1].hash
        let decoded = try BatchDecoder().decode(try BatchEncoder().encode(blocks).data)
        let runtime = Runtime(config: FundedGenesis.config)
        var state = try genesis.state()
        let roots = try decoded.map { block throws in try runtime.reexecute(block, state: &state).header.stateRoot }
        #expect(roots[0] == decoded[0].header.stateRoot)
        #expect(roots[1] != decoded[1].header.stateRoot)
    }
}
