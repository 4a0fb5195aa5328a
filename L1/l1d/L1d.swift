import ArgumentParser
import Keyring
import L1Node

/// `l1d`: the Strata L1 validator node and its tools (Cosmos-style commands).
@main
struct L1d: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l1d",
        abstract: "The Strata L1 validator node.",
        subcommands: [
            InitCommand.self, StartCommand.self, KeysCommand<Home>.self, GenesisCommand.self, TxCommand.self,
            QueryCommand.self, LocalnetCommand.self,
        ])
}

/// The home directory's default and its keyring folder.
enum Home: KeyringHome {
    static let defaultHome = "~/.strata-l1"
    static func keyringDirectory(home: String) -> String { NodeHome(home).keyringDirectory }
}

/// The `--home` option every command shares.
typealias HomeOption = KeyringHomeOption<Home>
