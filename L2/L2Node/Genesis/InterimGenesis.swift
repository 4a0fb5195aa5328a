import Common
import Foundation
import L2Runtime

/// The rollup's genesis as the sequencer reads it from `genesis.json`: the runtime's parameters, a genesis
/// time and the funded accounts.
///
/// INTERIM: L2Runtime is getting its own `RuntimeGenesis` / `Runtime.initialize`; until it lands, this writes
/// the accounts exactly as the runtime's `newAccount` does (account record, index to address, next index), so
/// the swap changes no state root. Replace ``apply(to:)`` with the runtime's then.
public struct InterimGenesis: Codable, Hashable, Sendable {
    /// A funded account.
    public struct GenesisAccount: Codable, Hashable, Sendable {
        /// Its bech32 address.
        public var address: String
        /// Its x-only public key in hex, if known (an account with a key may send by index at once).
        public var publicKey: String?
        /// Its balance.
        public var balance: Amount

        /// Creates an account entry.
        public init(address: String, publicKey: String? = nil, balance: Amount) {
            self.address = address
            self.publicKey = publicKey
            self.balance = balance
        }

        enum CodingKeys: String, CodingKey {
            case address, balance
            case publicKey = "public_key"
        }
    }

    /// The rollup's chain id.
    public var chainID: String
    /// The smallest fee.
    public var minimumFee: Amount
    /// Block 0's time, in milliseconds since the Unix epoch.
    public var genesisTimeMillis: UInt64
    /// The funded accounts, in index order.
    public var accounts: [GenesisAccount]

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id"
        case minimumFee = "minimum_fee"
        case genesisTimeMillis = "genesis_time_ms"
        case accounts
    }

    /// Creates a genesis.
    public init(chainID: String, minimumFee: Amount = 0, genesisTimeMillis: UInt64, accounts: [GenesisAccount]) {
        self.chainID = chainID
        self.minimumFee = minimumFee
        self.genesisTimeMillis = genesisTimeMillis
        self.accounts = accounts
    }

    /// The runtime's parameters.
    public var runtimeConfig: RuntimeConfig { RuntimeConfig(chainID: chainID, minimumFee: minimumFee) }

    /// Why a genesis is unusable.
    public struct Invalid: Error, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// Writes the accounts into `state` (indexes 0, 1, ... in file order).
    public func apply(to state: inout some StateStore) throws -> Void {
        guard !chainID.isEmpty, chainID.utf8.count <= TransactionLimits.maxChainIDBytes else {
            throw Invalid(description: "chain_id must be 1 to \(TransactionLimits.maxChainIDBytes) bytes")
        }
        var seen = Set<Address>()
        for (position, entry) in accounts.enumerated() {
            let address: Address
            do { address = try Address(entry.address) } catch {
                throw Invalid(description: "accounts[\(position)].address \"\(entry.address)\": \(error)")
            }
            guard seen.insert(address).inserted else {
                throw Invalid(description: "accounts[\(position)]: \(entry.address) appears twice")
            }
            var key: AccountPublicKey?
            if let hex = entry.publicKey {
                do { key = try AccountPublicKey(hex: hex) } catch {
                    throw Invalid(description: "accounts[\(position)].public_key: \(error)")
                }
                guard key?.address == address else {
                    throw Invalid(description: "accounts[\(position)]: the public key is not the address's")
                }
            }
            let index = AccountIndex(UInt64(position))
            let account = Account(publicKey: key, index: index, nonce: 0, balance: entry.balance)
            try state.set(StateKeys.account(address), account.canonicalBytes)
            try state.set(StateKeys.accountIndex(index), address.bytes)
        }
        try state.set(StateKeys.nextAccountIndex, AccountIndex(UInt64(accounts.count)).canonicalBytes)
    }

    /// Block 0's header over `stateRoot` (the root after ``apply(to:)``).
    public func genesisHeader(stateRoot: Hash) -> BlockHeader {
        BlockHeader(
            number: 0, parentHash: .zero, timestampMillis: genesisTimeMillis, transactionCount: 0,
            txsRoot: Block.txsRoot([]), receiptsRoot: Receipt.root([]), stateRoot: stateRoot)
    }

    /// Reads `genesis.json`.
    public static func load(path: String) throws -> InterimGenesis {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(description: "cannot read \(path)")
        }
        do {
            return try JSONDecoder().decode(InterimGenesis.self, from: data)
        } catch {
            throw Invalid(description: "\(path): \(error)")
        }
    }

    /// Writes `genesis.json` (pretty, sorted keys).
    public func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
