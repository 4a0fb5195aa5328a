import Common
import Foundation

/// The application's genesis: the `app_state` of the genesis file, one section per module.
///
/// ```json
/// {
///   "bank": {
///     "params": { "denom": "ustrata", "min_fee": "250" },
///     "accounts": [ { "address": "strata1...", "balance": "1000000000" } ]
///   }
/// }
/// ```
///
/// Amounts are strings of decimal digits. ``validate()`` rejects a bad denomination, duplicate accounts,
/// zero balances and a total supply above 2^128 - 1.
public struct AppGenesis: Hashable, Sendable, Codable {
    /// The bank module's genesis.
    public var bank: BankGenesis

    /// Creates a genesis.
    public init(bank: BankGenesis) {
        self.bank = bank
    }

    /// Decodes the JSON of a genesis (it is not validated: call ``validate()``).
    public init(json: [UInt8]) throws(GenesisError) {
        do {
            self = try JSONDecoder().decode(AppGenesis.self, from: Data(json))
        } catch let error as DecodingError {
            throw .invalidJSON(Self.describe(error))
        } catch {
            throw .invalidJSON("\(error)")
        }
    }

    /// The genesis as JSON, keys sorted, pretty-printed.
    public func json() throws(GenesisError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self))
        } catch {
            throw .invalidJSON("cannot encode: \(error)")
        }
    }

    /// Checks what JSON decoding cannot: see ``GenesisError``.
    public func validate() throws(GenesisError) {
        try bank.validate()
    }

    /// Where decoding failed (`bank.accounts[2].address`) and why.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The bank module's genesis: its parameters and the initial accounts.
public struct BankGenesis: Hashable, Sendable, Codable {
    /// The parameters.
    public var params: BankParams
    /// The funded accounts; they start with nonce 0.
    public var accounts: [GenesisAccount]

    /// Creates a bank genesis.
    public init(params: BankParams, accounts: [GenesisAccount]) {
        self.params = params
        self.accounts = accounts
    }

    /// Checks the denomination, that no address repeats, that every balance is positive and that the total
    /// supply fits 128 bits.
    public func validate() throws(GenesisError) {
        guard BankParams.isValidDenom(params.denom) else { throw .invalidDenom(params.denom) }
        var supply = Amount.zero
        var seen = Set<Address>()
        // Checked in list order, so the first offending account is the one reported.
        for account in accounts {
            guard seen.insert(account.address).inserted else { throw .duplicateAccount(account.address) }
            guard !account.balance.isZero else { throw .zeroBalance(account.address) }
            guard let total = supply.adding(account.balance) else { throw .supplyOverflow }
            supply = total
        }
    }
}

/// One funded account of the genesis.
public struct GenesisAccount: Hashable, Sendable {
    /// The account's address.
    public var address: Address
    /// Its initial balance (positive).
    public var balance: Amount

    /// Creates a genesis account.
    public init(address: Address, balance: Amount) {
        self.address = address
        self.balance = balance
    }
}

extension GenesisAccount: Codable {
    private enum CodingKeys: String, CodingKey {
        case address
        case balance
    }

    /// Decodes `{"address": "strata1...", "balance": "123"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .address)
        do {
            address = try Address(text)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .address, in: container, debugDescription: "\"\(text)\": \(error)")
        }
        balance = try container.decode(Amount.self, forKey: .balance)
    }

    /// Encodes the address in bech32 and the balance as a decimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address.description, forKey: .address)
        try container.encode(balance, forKey: .balance)
    }
}
