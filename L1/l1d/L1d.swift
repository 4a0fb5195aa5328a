import ArgumentParser

/// `l1d`: the Strata L1 validator node and its tools (Cosmos-style commands).
@main
struct L1d: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l1d",
        abstract: "The Strata L1 validator node.",
        subcommands: [
            InitCommand.self, StartCommand.self, KeysCommand.self, GenesisCommand.self, TxCommand.self,
            QueryCommand.self, LocalnetCommand.self,
        ])
}

/// The `--home` option every command shares.
struct HomeOption: ParsableArguments {
    @Option(name: .long, help: "The node's home directory.")
    var home: String = "~/.strata-l1"
}
