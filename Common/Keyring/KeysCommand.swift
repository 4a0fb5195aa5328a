import ArgumentParser
import Common
import Foundation

/// Where a binary keeps its keyring: `l1d` and `l2d` each name their default home and the keyring folder in it.
public protocol KeyringHome {
    /// The home directory used when `--home` is not given, e.g. `~/.strata-l1`.
    static var defaultHome: String { get }
    /// The keyring folder of the home at `home`.
    static func keyringDirectory(home: String) -> String
}

/// The `--home` option, with `Home`'s default.
public struct KeyringHomeOption<Home: KeyringHome>: ParsableArguments {
    /// The node's home directory.
    @Option(name: .long, help: "The node's home directory.")
    public var home: String = Home.defaultHome

    /// The option with its default.
    public init() {}
}

/// `<binary> keys add|list|show`: account keys (BIP-340) in the home's keyring, one 0600 JSON file each.
public struct KeysCommand<Home: KeyringHome>: ParsableCommand {
    /// `keys` and its subcommands.
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "keys", abstract: "Manage account keys in the keyring.",
            subcommands: [Add.self, List.self, Show.self])
    }

    /// The command (ArgumentParser builds it).
    public init() {}

    /// `keys add NAME`: creates a key.
    public struct Add: ParsableCommand {
        /// Its help.
        public static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Create a new account key.")
        }
        @OptionGroup var options: KeyringHomeOption<Home>
        @Argument(help: "The key's name (letters, digits, '-' and '_').") var name: String

        /// The command (ArgumentParser builds it).
        public init() {}

        /// Creates the key file and prints its name and address.
        public func run() throws {
            let directory = Home.keyringDirectory(home: options.home)
            try KeysCommand.checkName(name)
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let file = AccountKeyFile(name: name, key: AccountPrivateKey())
            try file.save(directory + "/\(name).json")
            print("\(name)\t\(file.address)")
        }
    }

    /// `keys list`: every key's name and address.
    public struct List: ParsableCommand {
        /// Its help.
        public static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "List the keyring's keys.")
        }
        @OptionGroup var options: KeyringHomeOption<Home>

        /// The command (ArgumentParser builds it).
        public init() {}

        /// Prints the keys in name order.
        public func run() throws {
            let directory = Home.keyringDirectory(home: options.home)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in names.sorted() where file.hasSuffix(".json") {
                let key = try AccountKeyFile.load(directory + "/" + file)
                print("\(key.name)\t\(key.address)")
            }
        }
    }

    /// `keys show NAME`: a key's address and public key.
    public struct Show: ParsableCommand {
        /// Its help.
        public static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Show a key's address and public key.")
        }
        @OptionGroup var options: KeyringHomeOption<Home>
        @Argument(help: "The key's name.") var name: String

        /// The command (ArgumentParser builds it).
        public init() {}

        /// Prints the key, after checking the secret matches the stored public key.
        public func run() throws {
            try KeysCommand.checkName(name)
            let key = try AccountKeyFile.load(Home.keyringDirectory(home: options.home) + "/\(name).json")
            _ = try key.key()
            print("name:       \(key.name)")
            print("address:    \(key.address)")
            print("public key: \(key.publicKey)")
        }
    }

    /// Refuses a name that is not 1 to 64 letters, digits, `-` or `_` (it becomes a file name).
    public static func checkName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else {
            throw ValidationError("key name \"\(name)\" must be 1 to 64 letters, digits, '-' or '_'")
        }
    }
}
