import Common
import Foundation
import Testing

@testable import L2Runtime

/// A rollup in memory for tests: a state tree, a runtime, funded keys, and helpers that sign, execute and
/// commit one block at a time.
struct TestChain {
    static let chainID = "strata-l2-test"
    /// 2026-01-01T00:00:00Z, in milliseconds.
    static let genesisTime: UInt64 = 1_767_225_600_000
    static let initialBalance: Amount = 1_000_000

    /// The minimum fee, which is also what the helpers' transactions carry unless told: with no fuel price a
    /// transaction pays the minimum, so each of them costs its sender exactly this.
    static let minimumFee: Amount = 10
    static let config = RuntimeConfig(chainID: chainID, minimumFee: minimumFee)

    let runtime: Runtime
    /// The fee of the helpers' transactions unless told.
    var fee: Amount
    let tree: StateTree
    var state: StateOverlay
    var number: UInt64 = 0
    var time: UInt64 = genesisTime
    var parent = Hash.zero
    /// Every block's execution, in order.
    var executions: [BlockExecution] = []
    /// The hash of the transaction ``send(_:_:_:fee:advance:)`` sent last.
    var lastSent: Hash?

    /// Deterministic test keys: secret bytes all `n`.
    static func key(_ n: UInt8) -> AccountPrivateKey {
        // Any 32 equal bytes from 1 to 0xfe are below the curve order.
        (try? AccountPrivateKey(bytes: [UInt8](repeating: n, count: 32))) ?? AccountPrivateKey()
    }

    static let alice = key(1)
    static let bob = key(2)
    static let carol = key(3)
    static let dave = key(4)
    static let mallory = key(5)

    /// A chain whose genesis funds alice, bob, carol, dave and mallory.
    init(
        config: RuntimeConfig = config, funded: [AccountPrivateKey] = [alice, bob, carol, dave, mallory],
        programs: [String] = [], tree: StateTree? = nil,
        fee: Amount = minimumFee
    ) throws {
        runtime = Runtime(config: config)
        self.fee = fee
        self.tree = try tree ?? StateTree.inMemory()
        state = StateOverlay(tree: self.tree)
        let genesis = RuntimeGenesis(
            accounts: funded.map { RuntimeGenesis.Account(key: $0.publicKey, balance: Self.initialBalance) },
            programs: programs)
        _ = try runtime.initialize(genesis: genesis, state: &state)
        try state.commit(version: 0)
    }

    /// The state root now.
    func root() throws -> Hash {
        var state = state
        return try state.root()
    }

    /// A reader over the current state.
    var reader: StateReader<StateOverlay> { StateReader(state) }

    /// The next nonce of `key`'s account.
    func nonce(of key: AccountPrivateKey) throws -> UInt64 {
        var reader = reader
        return try reader.account(key.publicKey.address)?.nonce ?? 0
    }

    /// The balance of `address`.
    func balance(_ address: Address) throws -> Amount {
        var reader = reader
        return try reader.account(address)?.balance ?? .zero
    }

    /// A signed transaction of `key` (its next nonce unless given).
    func transaction(
        _ key: AccountPrivateKey, _ kind: TransactionKind, _ payload: some CanonicalEncodable, fee: Amount? = nil,
        nonce: UInt64? = nil
    ) throws -> SignedTransaction {
        let body = Transaction(
            chainID: Self.chainID, sender: .key(key.publicKey), nonce: try nonce ?? self.nonce(of: key),
            fee: fee ?? self.fee,
            kind: kind, payload: payload.canonicalBytes)
        return SignedTransaction(signing: body, with: key)
    }

    /// Executes `transactions` as the next block, `advance` milliseconds after the last, and commits it.
    @discardableResult
    mutating func block(_ transactions: [SignedTransaction], advance: UInt64 = 1000) throws -> BlockExecution {
        number += 1
        time += advance
        let context = BlockContext(number: number, parentHash: parent, timestampMillis: time)
        let execution = try runtime.execute(context, transactions: transactions, state: &state)
        try state.commit(version: number)
        parent = execution.header.hash
        executions.append(execution)
        return execution
    }

    /// Sends one transaction in its own block and returns its receipt.
    @discardableResult
    mutating func send(
        _ key: AccountPrivateKey, _ kind: TransactionKind, _ payload: some CanonicalEncodable, fee: Amount? = nil,
        advance: UInt64 = 1000
    ) throws -> Receipt {
        let transaction = try transaction(key, kind, payload, fee: fee)
        lastSent = transaction.hash
        let execution = try block([transaction], advance: advance)
        return execution.receipts[0]
    }

    /// The events of the last block.
    var lastEvents: [RuntimeEvent.Kind] { executions.last?.events.map(\.kind) ?? [] }

    /// Stores `source` (by alice unless told) and returns its hash.
    @discardableResult
    mutating func storeProgram(_ source: String, by key: AccountPrivateKey = alice) throws -> Hash {
        let receipt = try send(key, .storeProgram, StoreProgramPayload(source: source))
        #expect(receipt.status == .success)
        return Hash.blake2b(Array(source.utf8))
    }

    /// `issuer` issues `payload` and its subject (one of the test keys) accepts it; returns the credential's id.
    @discardableResult
    mutating func issueAccepted(_ payload: IssueCredentialPayload, by issuer: AccountPrivateKey) throws -> Hash {
        #expect(try send(issuer, .issueCredential, payload).status == .success)
        let id = try createdID(RecordID.credential)
        let subject = try #require(
            [Self.alice, Self.bob, Self.carol, Self.dave, Self.mallory].first { $0.address == payload.subject })
        #expect(try send(subject, .acceptCredential, CredentialPayload(credential: id)).status == .success)
        return id
    }

    /// The id the transaction sent last gives what it creates with `tag`.
    func createdID(_ tag: String) throws -> Hash {
        RecordID.derive(tag, transaction: try #require(lastSent))
    }
}

extension AccountPrivateKey {
    /// The account address.
    var address: Address { publicKey.address }
}

/// The failure status of `reason`.
func failed(_ reason: FailureReason) -> Receipt.Status { .failed(reason) }
