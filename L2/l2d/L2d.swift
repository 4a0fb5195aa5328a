import ArgumentParser

/// `l2d`: the Strata L2 rollup node (the sequencer) and its tools.
@main
struct L2d: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l2d",
        abstract: "The Strata L2 rollup node (sequencer).",
        subcommands: [InitCommand.self, StartCommand.self, KeysCommand.self, TxCommand.self, QueryCommand.self])
}

/// The `--home` option every command shares.
struct HomeOption: ParsableArguments {
    @Option(name: .long, help: "The node's home directory.")
    var home: String = "~/.strata-l2"
}

/// A failure to report to the user as it is (not a usage error).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
