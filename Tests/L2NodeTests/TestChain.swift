import Common
import L2Node
import L2Runtime
import Synchronization

/// A test rollup: funded keys, a genesis, signed transfers, and a clock the test moves.
struct TestChain {
    static let chainID = "strata-l2-test-1"

    let keys: [AccountPrivateKey]
    let sequencerKey = AccountPrivateKey()
    let genesis: RollupGenesis
    let recipient = AccountPrivateKey().publicKey.address

    init(accounts: Int = 4, balance: Amount = 1_000_000_000) {
        keys = (0..<accounts).map { _ in AccountPrivateKey() }
        genesis = RollupGenesis(
            chainID: Self.chainID, genesisTimeMillis: 1_000,
            accounts: keys.map { .init(address: $0.publicKey.address.description, balance: balance) })
    }

    /// A transfer of `amount` from key `sender` with `nonce`, signed (or signed by another key when `badSignature`).
    func transfer(
        from sender: Int, nonce: UInt64, amount: Amount = 1, chainID: String = TestChain.chainID,
        badSignature: Bool = false
    ) -> SignedTransaction {
        let transaction = Transaction(
            chainID: chainID, sender: .key(keys[sender].publicKey), nonce: nonce, fee: 0, kind: .transfer,
            payload: TransferPayload(recipient: recipient, amount: amount).canonicalBytes)
        return SignedTransaction(signing: transaction, with: badSignature ? AccountPrivateKey() : keys[sender])
    }

    /// A sequencer over `medium` with in-memory stores.
    func sequencer(
        medium: MemoryLogMedium, clock: ManualClock = ManualClock(),
        configuration: SequencerConfiguration = SequencerConfiguration()
    ) throws -> Sequencer {
        try Sequencer(
            storage: .memory(medium), genesis: genesis, key: sequencerKey, configuration: configuration,
            clock: { clock.now })
    }
}

/// A clock in milliseconds that only moves when the test says.
final class ManualClock: Sendable {
    private let millis: Mutex<UInt64>

    init(_ start: UInt64 = 10_000) { millis = Mutex(start) }

    var now: UInt64 { millis.withLock { $0 } }

    func advance(_ delta: UInt64) { millis.withLock { $0 += delta } }
}

extension Result {
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }

    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A value shared by concurrent tasks.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }
}
