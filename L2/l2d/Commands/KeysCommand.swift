import ArgumentParser
import Common
import Foundation
import L2Node

/// `l2d keys add|list|show`: account keys (BIP-340) in the home's keyring.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage account keys in the keyring.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new account key.")
        @OptionGroup var options: HomeOption
        @Argument(help: "The key's name (letters, digits, '-' and '_').") var name: String

        func run() throws {
            let home = L2NodeHome(options.home)
            try KeysCommand.checkName(name)
            try FileManager.default.createDirectory(
                atPath: home.keyringDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let file = AccountKeyFile(name: name, key: AccountPrivateKey())
            try file.save(home.accountKeyFile(name))
            print("\(name)\t\(file.address)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keyring's keys.")
        @OptionGroup var options: HomeOption

        func run() throws {
            let home = L2NodeHome(options.home)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: home.keyringDirectory)) ?? []
            for file in names.sorted() where file.hasSuffix(".json") {
                let key = try AccountKeyFile.load(home.keyringDirectory + "/" + file)
                print("\(key.name)\t\(key.address)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a key's address and public key.")
        @OptionGroup var options: HomeOption
        @Argument(help: "The key's name.") var name: String

        func run() throws {
            try KeysCommand.checkName(name)
            let key = try AccountKeyFile.load(L2NodeHome(options.home).accountKeyFile(name))
            _ = try key.key()
            print("name:       \(key.name)")
            print("address:    \(key.address)")
            print("public key: \(key.publicKey)")
        }
    }

    static func checkName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else {
            throw ValidationError("key name \"\(name)\" must be 1 to 64 letters, digits, '-' or '_'")
        }
    }
}
