import Common
import Foundation
import L1App
import Testing

/// Keys, a genesis and helpers shared by the L1 application tests.
enum Fixture {
    static let chainID = "strata-test-1"
    static let denom = "ustrata"
    static let minFee: Amount = 250
    static let genesisTime = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)

    /// The account key whose secret is 31 zero bytes then `n`.
    static func key(_ n: UInt8) -> AccountPrivateKey {
        do {
            return try AccountPrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [n])
        } catch {
            preconditionFailure("secret \(n) is a valid scalar: \(error)")
        }
    }

    static let alice = key(1)
    static let bob = key(2)
    static let carol = key(3)
    /// A key with no genesis account.
    static let dave = key(4)

    static let startingBalance: Amount = 1_000_000

    /// A validator consensus key.
    static let validator: Ed25519PublicKey = {
        do {
            return try Ed25519PrivateKey(seed: [UInt8](repeating: 7, count: 32)).publicKey
        } catch {
            preconditionFailure("every 32-byte seed is valid: \(error)")
        }
    }()

    /// Alice, Bob and Carol with ``startingBalance`` each.
    static var genesis: AppGenesis {
        AppGenesis(
            bank: BankGenesis(
                params: BankParams(denom: denom, minFee: minFee),
                accounts: [alice, bob, carol].map {
                    GenesisAccount(address: $0.publicKey.address, balance: startingBalance)
                }))
    }

    static func initChainRequest(_ genesis: AppGenesis = genesis, initialHeight: UInt64 = 1) throws
        -> InitChainRequest
    {
        InitChainRequest(
            chainID: chainID, genesisTime: genesisTime, initialHeight: initialHeight,
            validators: [ValidatorUpdate(publicKey: validator, power: 10)], appState: try genesis.json())
    }

    /// An in-memory application after genesis.
    static func app(_ genesis: AppGenesis = genesis) throws -> L1Application {
        let app = try L1Application(tree: StateTree.inMemory())
        _ = try app.initChain(initChainRequest(genesis))
        return app
    }

    /// The bytes of a transaction signed by `key`.
    static func tx(
        _ key: AccountPrivateKey, nonce: UInt64, fee: Amount = minFee, messages: [Message], chainID: String = chainID
    ) -> [UInt8] {
        let body = Transaction(chainID: chainID, signer: key.publicKey, nonce: nonce, fee: fee, messages: messages)
        return SignedTransaction(signing: body, with: key).bytes
    }

    /// The bytes of a one-message transfer signed by `key`.
    static func send(
        _ key: AccountPrivateKey, to recipient: AccountPrivateKey, amount: Amount, nonce: UInt64, fee: Amount = minFee,
        chainID: String = chainID
    ) -> [UInt8] {
        tx(
            key, nonce: nonce, fee: fee, messages: [.send(to: recipient.publicKey.address, amount: amount)],
            chainID: chainID)
    }

    /// A fresh temporary directory's path for a database file.
    static func temporaryDatabasePath() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("l1app-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("state.sqlite").path)
    }
}

extension L1Application {
    /// The height the next block must have.
    var nextHeight: UInt64 {
        get throws { try info().lastBlockHeight + 1 }
    }

    /// Finalizes and commits the next block.
    @discardableResult
    func block(_ txs: [[UInt8]], misbehavior: [Misbehavior] = [], time: Timestamp? = nil) throws
        -> FinalizeBlockResponse
    {
        let height = try nextHeight
        let response = try finalizeBlock(
            FinalizeBlockRequest(
                height: height,
                time: time
                    ?? Timestamp(nanosecondsSinceEpoch: Fixture.genesisTime.nanosecondsSinceEpoch + Int64(height)),
                txs: txs, misbehavior: misbehavior, proposer: Fixture.validator))
        _ = try commit()
        return response
    }

    /// The committed account record of `key`'s address (``Account/empty`` if absent).
    func account(_ key: AccountPrivateKey, height: UInt64 = 0) throws -> Account {
        try account(key.publicKey.address, height: height)
    }

    /// The committed account record of `address` (``Account/empty`` if absent).
    func account(_ address: Address, height: UInt64 = 0) throws -> Account {
        let response = try query(QueryRequest(path: "/account/\(address)", height: height))
        #expect(response.code == .ok, "\(response.log)")
        guard let value = response.value else { return .empty }
        return try Account(canonicalBytes: value)
    }

    /// The committed app hash.
    var appHash: Hash {
        get throws { try info().lastBlockAppHash }
    }
}
