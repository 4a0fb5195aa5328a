import ArgumentParser
import Common
import Foundation
import L1App
import L1Node

/// `l1d query account|block|tx`: read the chain through a node's RPC.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Query accounts, blocks and transactions.",
        subcommands: [AccountQuery.self, BlockQuery.self, TxQuery.self])

    struct AccountQuery: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "account", abstract: "An account's balance and nonce.")
        @Argument(help: "The address (strata1…).") var address: String
        @Option(help: "The node's RPC address.") var node: String = "http://127.0.0.1:26657"

        func run() async throws {
            let account = try await QueryCommand.account(try Address(address), client: try RPCClient(node))
            print("address: \(address)")
            print("balance: \(account.balance.value)")
            print("nonce:   \(account.nonce)")
            print("height:  \(account.height)")
        }
    }

    struct BlockQuery: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "block", abstract: "A block (the latest by default).")
        @Argument(help: "The height.") var height: UInt64?
        @Option(help: "The node's RPC address.") var node: String = "http://127.0.0.1:26657"

        func run() async throws {
            printJSON(try await RPCClient(node).call("block", height.map { [("height", "\($0)")] } ?? []))
        }
    }

    struct TxQuery: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tx", abstract: "A committed transaction by hash.")
        @Argument(help: "The transaction hash (hex).") var hash: String
        @Option(help: "The node's RPC address.") var node: String = "http://127.0.0.1:26657"

        func run() async throws {
            let digits = hash.hasPrefix("0x") ? String(hash.dropFirst(2)) : hash
            guard Hash(hex: digits.lowercased()) != nil else { throw ValidationError("hash must be 64 hex digits") }
            printJSON(try await RPCClient(node).call("tx", [("hash", "0x" + digits)]))
        }
    }

    /// The account at `address` (empty when it does not exist yet) and the height it was read at.
    static func account(_ address: Address, client: RPCClient) async throws -> (
        balance: Amount, nonce: UInt64, height: String
    ) {
        let result = try await client.call("abci_query", [("path", "\"/account/\(address)\""), ("prove", "false")])
        guard let response = result["response"] as? [String: Any] else { throw CLIError("abci_query has no response") }
        if let code = response["code"] as? Int, code != 0 {
            throw CLIError("query failed: \(response["log"] as? String ?? "code \(code)")")
        }
        let height = response["height"] as? String ?? "?"
        guard let encoded = response["value"] as? String, !encoded.isEmpty, let bytes = Data(base64Encoded: encoded)
        else { return (.zero, 0, height) }
        let account = try Account(canonicalBytes: Array(bytes))
        return (account.balance, account.nonce, height)
    }
}
