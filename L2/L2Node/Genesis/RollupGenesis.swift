import Common
import Foundation
import L2Runtime

/// The rollup's genesis as the sequencer reads it from `genesis.json`: the runtime's parameters (chain id,
/// minimum fee), block 0's time, and the initial state (funded accounts and rules programs), which
/// ``apply(to:)`` writes with the runtime's own ``L2Runtime/Runtime/initialize(genesis:state:)``.
public struct RollupGenesis: Codable, Hashable, Sendable {
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
    /// What 1,000 fuel of rules evaluation costs above the minimum fee (0 if left out: fuel is free up to the
    /// per-transaction cap).
    public var feePerThousandFuel: Amount
    /// Block 0's time, in milliseconds since the Unix epoch.
    public var genesisTimeMillis: UInt64
    /// The funded accounts, in index order.
    public var accounts: [GenesisAccount]
    /// Rules programs (sources) stored at genesis.
    public var programs: [String]
    /// The `strata1…` address each block's fees are credited to (the sequencer operator's), or `nil`: fees stay
    /// in the fee pool.
    public var feeRecipient: String?

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id"
        case minimumFee = "minimum_fee"
        case feePerThousandFuel = "fee_per_thousand_fuel"
        case genesisTimeMillis = "genesis_time_ms"
        case feeRecipient = "fee_recipient"
        case accounts, programs
    }

    /// Creates a genesis.
    public init(
        chainID: String, minimumFee: Amount = 0, feePerThousandFuel: Amount = 0, genesisTimeMillis: UInt64,
        accounts: [GenesisAccount], programs: [String] = [], feeRecipient: String? = nil
    ) {
        self.chainID = chainID
        self.minimumFee = minimumFee
        self.feePerThousandFuel = feePerThousandFuel
        self.genesisTimeMillis = genesisTimeMillis
        self.accounts = accounts
        self.programs = programs
        self.feeRecipient = feeRecipient
    }

    /// Decodes the JSON; `fee_per_thousand_fuel`, `fee_recipient` and `programs` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chainID = try container.decode(String.self, forKey: .chainID)
        minimumFee = try container.decode(Amount.self, forKey: .minimumFee)
        feePerThousandFuel = try container.decodeIfPresent(Amount.self, forKey: .feePerThousandFuel) ?? .zero
        genesisTimeMillis = try container.decode(UInt64.self, forKey: .genesisTimeMillis)
        accounts = try container.decode([GenesisAccount].self, forKey: .accounts)
        programs = try container.decodeIfPresent([String].self, forKey: .programs) ?? []
        feeRecipient = try container.decodeIfPresent(String.self, forKey: .feeRecipient)
        if let feeRecipient, (try? Address(feeRecipient)) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .feeRecipient, in: container, debugDescription: "\"\(feeRecipient)\" is not a strata1 address")
        }
    }

    /// The runtime's parameters (a `fee_recipient` that is not an address, which ``apply(to:)`` refuses, is left
    /// out).
    public var runtimeConfig: RuntimeConfig {
        RuntimeConfig(
            chainID: chainID, minimumFee: minimumFee, feePerThousandFuel: feePerThousandFuel,
            feeRecipient: feeRecipient.flatMap { try? Address($0) })
    }

    /// Why a genesis is unusable.
    public struct Invalid: Error, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// The initial state as the runtime takes it.
    public var runtimeGenesis: RuntimeGenesis {
        RuntimeGenesis(
            accounts: accounts.map {
                RuntimeGenesis.Account(address: $0.address, publicKey: $0.publicKey, balance: $0.balance)
            },
            programs: programs)
    }

    /// Writes the initial state into `state` (accounts get indexes 0, 1, ... in file order) and returns its
    /// root; refuses an empty or oversized chain id and whatever the runtime refuses (an address or key that
    /// does not parse, a key that is not the address's, a duplicate address, a program that does not parse).
    @discardableResult
    public func apply(to state: inout some StateStore) throws -> Hash {
        guard !chainID.isEmpty, chainID.utf8.count <= TransactionLimits.maxChainIDBytes else {
            throw Invalid(description: "chain_id must be 1 to \(TransactionLimits.maxChainIDBytes) bytes")
        }
        if let feeRecipient, (try? Address(feeRecipient)) == nil {
            throw Invalid(description: "fee_recipient \"\(feeRecipient)\" is not a strata1 address")
        }
        do {
            return try Runtime(config: runtimeConfig).initialize(genesis: runtimeGenesis, state: &state)
        } catch {
            throw Invalid(description: "\(error)")
        }
    }

    /// Block 0's header over `stateRoot` (the root after ``apply(to:)``).
    public func genesisHeader(stateRoot: Hash) -> BlockHeader {
        BlockHeader(
            number: 0, parentHash: .zero, timestampMillis: genesisTimeMillis, transactionCount: 0,
            txsRoot: Block.txsRoot([]), receiptsRoot: Receipt.root([]), stateRoot: stateRoot)
    }

    /// Reads `genesis.json`.
    public static func load(path: String) throws -> RollupGenesis {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(description: "cannot read \(path)")
        }
        do {
            return try JSONDecoder().decode(RollupGenesis.self, from: data)
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
