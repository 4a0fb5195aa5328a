import ArgumentParser
import Keyring
import L2Node

/// `l2d`: the Strata L2 rollup node (the sequencer) and its tools.
@main
struct L2d: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l2d",
        abstract: "The Strata L2 rollup node (sequencer).",
        subcommands: [
            InitCommand.self, StartCommand.self, KeysCommand<Home>.self, TxCommand.self, QueryCommand.self,
            LoadCommand.self, EngineCommand.self, VerifyCommand.self, TrainDictionaryCommand.self,
        ])
}

/// The home directory's default and its keyring folder.
enum Home: KeyringHome {
    static let defaultHome = "~/.strata-l2"
    static func keyringDirectory(home: String) -> String { L2NodeHome(home).keyringDirectory }
}

/// The `--home` option every command shares.
typealias HomeOption = KeyringHomeOption<Home>

/// A failure to report to the user as it is (not a usage error).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
