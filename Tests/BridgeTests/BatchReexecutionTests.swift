import Common
import L2Runtime
import Testing

@testable import Bridge

/// A funded genesis state, written as the runtime's genesis writes it (the rollup's parameters; for each
/// account its record, index entry and the counter).
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
        try state.set(StateKeys.runtimeConfig, Self.config.canonicalBytes)
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
    /// new accounts, some failing (too much, malformed payload) and some rejected (an unfunded key, bad nonce).
    /// Every transaction is signed by its sender's key.
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
                var key = genesis.keys[from]
                var sender: TransactionSender =
                    Int.random(in: 0..<4, using: &random) == 0
                    ? .key(key.publicKey) : .index(AccountIndex(UInt64(from)))
                var nonce = nonces[from]
                switch Int.random(in: 0..<30, using: &random) {
                case 0:  // rejected: an account that cannot pay the fee
                    key = try AccountPrivateKey(bytes: random.bytes(32))
                    sender = .key(key.publicKey)
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

    /// The batch of `blocks` as a sequencer makes it: signatures aggregated under the keys `state` (the state
    /// after the blocks) records.
    static func contents(_ blocks: [Block], state: inout StateOverlay) throws -> BatchContents {
        try BatchContents(blocks: blocks) { sender in try Runtime.signerKey(of: sender, in: &state) }
    }

    /// What a verifier does with a decoded batch: re-executes its bodies from `state` (the parent state), then
    /// checks the aggregate signature under the keys each sender had when its transaction executed. The headers
    /// it computes.
    static func verify(_ decoded: BatchContents, state: inout StateOverlay) throws -> (
        headers: [BlockHeader], signed: Bool
    ) {
        let runtime = Runtime(config: FundedGenesis.config)
        var headers: [BlockHeader] = []
        var keys: [AccountPublicKey?] = []
        for block in decoded.blocks {
            let (execution, signers) = try runtime.execute(
                BlockContext(of: block.header), bodies: block.transactions, state: &state)
            headers.append(execution.header)
            keys += signers
        }
        return (headers, decoded.signatureVerifies(keys: keys))
    }

    @Test("re-executing the decoded blocks from genesis reproduces each header, and the aggregate signature verifies")
    func reexecutionReproducesRoots() throws {
        let genesis = FundedGenesis(accounts: 12)
        let blocks = try Self.sequencedBlocks(genesis, blockCount: 8, seed: 4)
        #expect(blocks.reduce(0) { $0 + $1.transactions.count } > 40)
        var sequencerState = try genesis.state()
        for block in blocks { _ = try Runtime(config: FundedGenesis.config).reexecute(block, state: &sequencerState) }
        let contents = try Self.contents(blocks, state: &sequencerState)
        let batch = try BatchEncoder().encode(contents, level: 19)
        let decoded = try BatchDecoder().decode(batch.data)
        #expect(decoded == contents)
        #expect(decoded.blocks == blocks.map(BatchBlock.init))

        var state = try genesis.state()
        let (headers, signed) = try Self.verify(decoded, state: &state)
        #expect(headers == blocks.map(\.header))
        #expect(signed)
        let commitment = BatchCommitment(
            rollupID: FundedGenesis.config.chainID, batchIndex: 0, parentBatchHash: .zero, blocks: blocks, batch: batch)
        #expect(commitment.finalStateRoot == (try state.root()))
    }

    @Test("a batch with one wrong signature, or a sender with no key, fails its signature check")
    func wrongSignatureIsCaught() throws {
        let genesis = FundedGenesis(accounts: 6)
        let blocks = try Self.sequencedBlocks(genesis, blockCount: 3, seed: 12)
        var sequencerState = try genesis.state()
        for block in blocks { _ = try Runtime(config: FundedGenesis.config).reexecute(block, state: &sequencerState) }

        // A valid signature, but of another body: the headers still re-execute, the signature check fails.
        var forged = blocks
        // A transaction by index: its key is a genesis key.
        let victim = try #require(
            forged[1].transactions.firstIndex {
                if case .index(let index) = $0.transaction.sender { index.value < 6 } else { false }
            })
        let original = forged[1].transactions[victim]
        var other = original.transaction
        other.nonce += 1
        let signerKey = try Runtime.signerKey(of: original.transaction.sender, in: &sequencerState)
        let signer = try #require(genesis.keys.first { $0.publicKey == signerKey })
        forged[1].transactions[victim].signature = signer.sign(digest: other.signingDigest)
        let decoded = try BatchDecoder().decode(
            try BatchEncoder().encode(Self.contents(forged, state: &sequencerState)).data)
        var state = try genesis.state()
        let (headers, signed) = try Self.verify(decoded, state: &state)
        #expect(headers == blocks.map(\.header))
        #expect(!signed)

        // A sender index no account holds: no key, so the batch's signature cannot verify (the re-execution
        // rejects the transaction and gives it no key).
        let contents = try Self.contents(blocks, state: &sequencerState)
        var unknown = contents
        unknown.blocks[0].transactions[0].sender = .index(AccountIndex(999))
        state = try genesis.state()
        #expect(!(try Self.verify(unknown, state: &state).signed))
    }

    @Test("a batch whose state root was altered is caught by re-execution")
    func alteredStateRootIsCaught() throws {
        let genesis = FundedGenesis(accounts: 6)
        var blocks = try Self.sequencedBlocks(genesis, blockCount: 3, seed: 11)
        blocks[1].header.stateRoot = .zero
        blocks[2].header.parentHash = blocks[1].hash
        let decoded = try BatchDecoder().decode(try BatchEncoder().encode(blocks).data)
        var state = try genesis.state()
        let headers = try Self.verify(decoded, state: &state).headers
        #expect(headers[0].stateRoot == decoded.blocks[0].header.stateRoot)
        #expect(headers[1].stateRoot != decoded.blocks[1].header.stateRoot)
    }

    @Test("a transaction by an index whose key is recorded only later in the batch leaves the batch unsigned")
    func keyRecordedLaterInTheBatch() throws {
        let genesis = FundedGenesis(accounts: 2)
        let runtime = Runtime(config: FundedGenesis.config)
        var state = try genesis.state()
        let newcomer = try AccountPrivateKey(bytes: [UInt8](repeating: 0x77, count: 32))
        func body(_ sender: TransactionSender, _ nonce: UInt64, to recipient: Address, _ amount: Amount) -> Transaction
        {
            Transaction(
                chainID: FundedGenesis.config.chainID, sender: sender, nonce: nonce, fee: 10, kind: .transfer,
                payload: TransferPayload(recipient: recipient, amount: amount).canonicalBytes)
        }
        // Account 0 funds the newcomer's address (it becomes account index 2, with no key yet); then the newcomer
        // sends by index 2 (rejected: no key yet), then by key (its key is recorded).
        let transactions = [
            SignedTransaction(
                signing: body(.index(AccountIndex(0)), 0, to: newcomer.publicKey.address, 1_000), with: genesis.keys[0]),
            SignedTransaction(
                signing: body(.index(AccountIndex(2)), 0, to: genesis.keys[1].publicKey.address, 5), with: newcomer),
            SignedTransaction(
                signing: body(.key(newcomer.publicKey), 0, to: genesis.keys[1].publicKey.address, 5), with: newcomer),
        ]
        let execution = try runtime.execute(
            BlockContext(number: 1, parentHash: .zero, timestampMillis: 1_760_000_000_000), transactions: transactions,
            state: &state)
        #expect(execution.receipts.map(\.status) == [.success, .rejected(.unknownSender), .success])
        let block = execution.block(transactions)
        // Keys from the state after the batch would cover all three; the rule is the key at execution time.
        let contents = try Self.contents([block], state: &state)
        var verifier = try genesis.state()
        let (headers, signed) = try Self.verify(contents, state: &verifier)
        #expect(headers == [block.header])
        #expect(!signed)
        #expect(try contents.signatureVerifies { sender in try Runtime.signerKey(of: sender, in: &state) })
    }
}
