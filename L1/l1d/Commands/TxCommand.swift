import ArgumentParser
import Common
import Foundation
import Keyring
import L1App
import L1Node

/// `l1d tx send`: sign a transfer with a keyring key and broadcast it through a node's RPC.
struct TxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx", abstract: "Sign and broadcast transactions.", subcommands: [Send.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send ustrata from a keyring key to an address.")
        @OptionGroup var options: HomeOption
        @Argument(help: "The sending key's name in the keyring.") var from: String
        @Argument(help: "The recipient's address (strata1…).") var to: String
        @Argument(help: "The amount in ustrata.") var amount: String
        @Option(help: "The fee in ustrata.") var fee: String = "250"
        @Option(help: "The node's RPC address.") var node: String = "http://127.0.0.1:26657"
        @Flag(help: "Wait until the transaction is in a block (broadcast_tx_commit).") var wait = false

        func run() async throws {
            try KeysCommand<Home>.checkName(from)
            let key = try AccountKeyFile.load(NodeHome(options.home).accountKeyFile(from)).key()
            let recipient = try Address(to)
            guard let value = Amount(decimal: amount), !value.isZero else {
                throw ValidationError("amount \"\(amount)\" is not a positive whole number of ustrata")
            }
            guard let feeAmount = Amount(decimal: fee) else { throw ValidationError("fee \"\(fee)\" is not a number") }
            let client = try RPCClient(node)
            let status = try await client.call("status")
            guard let chainID = (status["node_info"] as? [String: Any])?["network"] as? String else {
                throw CLIError("the node's status names no chain id")
            }
            let account = try await QueryCommand.account(key.publicKey.address, client: client)
            let transaction = Transaction(
                chainID: chainID, signer: key.publicKey, nonce: account.nonce, fee: feeAmount,
                messages: [.send(to: recipient, amount: value)])
            let signed = SignedTransaction(signing: transaction, with: key)
            let method = wait ? "broadcast_tx_commit" : "broadcast_tx_sync"
            let result = try await client.call(method, [("tx", "0x" + Hex.encode(signed.bytes))])
            print("tx hash: \(Hex.encode(signed.hash.bytes).uppercased())")
            printJSON(result)
            let check = (result["check_tx"] as? [String: Any]) ?? result
            if let code = check["code"] as? Int, code != 0 { throw ExitCode(2) }
        }
    }
}
