import ArgumentParser
import Foundation

/// `l2d query account|block|status`: reads from a running sequencer.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Query a running sequencer.",
        subcommands: [Account.self, Block.self, Status.self])

    struct Account: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's nonce and balance.")
        @Argument(help: "The strata1... address.") var address: String
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func run() async throws {
            try await QueryCommand.get("/v1/accounts/\(address)", node: node)
        }
    }

    struct Block: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A sealed block.")
        @Argument(help: "The block number.") var number: UInt64
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func run() async throws {
            try await QueryCommand.get("/v1/blocks/\(number)", node: node)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The sequencer's status.")
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func run() async throws {
            try await QueryCommand.get("/v1/status", node: node)
        }
    }

    static func get(_ path: String, node: String) async throws {
        let (status, body) = try await HTTPClient(node).send("GET", path)
        printJSON(body)
        guard status == 200 else { throw ExitCode(1) }
    }
}
