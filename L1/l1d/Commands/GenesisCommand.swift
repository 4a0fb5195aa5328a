import ArgumentParser
import Common
import Foundation
import Keyring
import L1App
import L1Node

/// `l1d genesis add-account|add-validator`: edit the home's genesis before the chain starts.
struct GenesisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesis", abstract: "Edit the genesis file.", subcommands: [AddAccount.self, AddValidator.self])

    struct AddAccount: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-account", abstract: "Fund an account in the genesis.")
        @OptionGroup var options: HomeOption
        @Argument(help: "A bech32 address (strata1…) or the name of a keyring key.") var account: String
        @Argument(help: "The balance in ustrata.") var amount: String

        func run() throws {
            let home = NodeHome(options.home)
            var genesis = try GenesisDocument.load(path: home.genesisFile)
            let address: Address
            if let parsed = try? Address(account) {
                address = parsed
            } else {
                try KeysCommand<Home>.checkName(account)
                address = try Address(try AccountKeyFile.load(home.accountKeyFile(account)).address)
            }
            guard let balance = Amount(decimal: amount), !balance.isZero else {
                throw ValidationError("amount \"\(amount)\" is not a positive whole number of ustrata")
            }
            guard !genesis.appState.bank.accounts.contains(where: { $0.address == address }) else {
                throw ValidationError("\(address) already has a genesis balance")
            }
            genesis.appState.bank.accounts.append(GenesisAccount(address: address, balance: balance))
            try genesis.validate()
            try FileManager.default.removeItem(atPath: home.genesisFile)
            try genesis.save(path: home.genesisFile)
            print("added \(address) with \(amount)\(genesis.appState.bank.params.denom)")
        }
    }

    struct AddValidator: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-validator", abstract: "Add a validator to the genesis.")
        @OptionGroup var options: HomeOption
        @Argument(help: "The validator's Ed25519 consensus public key (64 hex).") var publicKey: String
        @Argument(help: "Its voting power.") var power: Int64
        @Option(help: "Its name.") var name: String = "validator"

        func run() throws {
            let home = NodeHome(options.home)
            var genesis = try GenesisDocument.load(path: home.genesisFile)
            let key = try Ed25519PublicKey(hex: publicKey)
            guard power > 0 else { throw ValidationError("power must be positive") }
            guard !genesis.validators.contains(where: { $0.publicKey == Hex.encode(key.bytes) }) else {
                throw ValidationError("validator \(publicKey) is already in the genesis")
            }
            genesis.validators.append(.init(name: name, publicKey: key, power: power))
            try genesis.validate()
            try FileManager.default.removeItem(atPath: home.genesisFile)
            try genesis.save(path: home.genesisFile)
            print("added validator \(name) with power \(power)")
        }
    }
}
