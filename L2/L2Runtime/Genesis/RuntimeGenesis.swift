import Common

/// The L2 state at block 0, as JSON: accounts (address, optional public key, balance) and rules programs to
/// store. ``Runtime/initialize(genesis:state:)`` writes it in the listed order, so the same file gives the same
/// genesis root everywhere.
///
/// ```json
/// {"accounts": [{"address": "strata1...", "publicKey": "84bf...", "balance": "1000000"}],
///  "programs": ["permit(join)."]}
/// ```
public struct RuntimeGenesis: Codable, Hashable, Sendable {
    /// A funded account.
    public struct Account: Codable, Hashable, Sendable {
        /// The bech32 address (`strata1...`).
        public var address: String
        /// The x-only public key in hex, if known (the account may then send by index at once).
        public var publicKey: String?
        /// The balance, a string of decimal digits.
        public var balance: Amount

        /// Creates a genesis account.
        public init(address: String, publicKey: String? = nil, balance: Amount) {
            self.address = address
            self.publicKey = publicKey
            self.balance = balance
        }

        /// A genesis account for `key` with `balance`.
        public init(key: AccountPublicKey, balance: Amount) {
            self.init(address: key.address.description, publicKey: key.description, balance: balance)
        }
    }

    /// The accounts, in the order they get their indexes (0, 1, ...).
    public var accounts: [Account]
    /// Rules programs (sources) to store.
    public var programs: [String]

    /// Creates a genesis.
    public init(accounts: [Account], programs: [String] = []) {
        self.accounts = accounts
        self.programs = programs
    }

    private enum CodingKeys: String, CodingKey {
        case accounts, programs
    }

    /// Decodes the JSON; `programs` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accounts = try container.decode([Account].self, forKey: .accounts)
        programs = try container.decodeIfPresent([String].self, forKey: .programs) ?? []
    }
}

extension Runtime {
    /// Writes this runtime's ``config`` and `genesis` into `state` (an empty state) and returns the genesis
    /// state root, which so commits to the rollup's parameters as well as to its accounts and programs.
    ///
    /// - Throws: the store's error, or ``Common/StateError/storage(_:)`` naming the entry when the genesis is
    ///   invalid (an address or key that does not parse, a key that is not the address's, a duplicated address,
    ///   a program that does not parse).
    public func initialize<S: StateStore>(genesis: RuntimeGenesis, state: inout S) throws(StateError) -> Hash {
        try state.setRecord(config, at: StateKeys.runtimeConfig)
        var seen = Set<Address>()
        for (position, entry) in genesis.accounts.enumerated() {
            let address: Address
            do {
                address = try Address(entry.address)
            } catch {
                throw .storage("genesis account \(position): \(error)")
            }
            var key: AccountPublicKey?
            if let hex = entry.publicKey {
                do {
                    key = try AccountPublicKey(hex: hex)
                } catch {
                    throw .storage("genesis account \(position): \(error)")
                }
                guard key?.address == address else {
                    throw .storage("genesis account \(position): the public key is not the address's key")
                }
            }
            guard seen.insert(address).inserted else {
                throw .storage("genesis account \(position): duplicate address")
            }
            var account = try newAccount(at: address, publicKey: key, state: &state)
            account.balance = entry.balance
            try state.setRecord(account, at: StateKeys.account(address))
        }
        for (position, source) in genesis.programs.enumerated() {
            let program: RuleProgram
            do {
                program = try RuleProgram.parse(source: source)
            } catch {
                throw .storage("genesis program \(position): \(error)")
            }
            try state.set(StateKeys.program(program.id), program.encoded)
            programs.remember(program)
        }
        return try state.root()
    }
}
