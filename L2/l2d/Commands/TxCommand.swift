import ArgumentParser
import Common
import Foundation
import Keyring
import L2Node
import L2Runtime

/// `l2d tx transfer`: signs a transfer with a keyring key and submits it; prints the soft confirmation.
struct TxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx", abstract: "Sign and submit transactions.", subcommands: [Transfer.self])

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move tokens to an address.")
        @OptionGroup var options: HomeOption
        @Argument(help: "The keyring key that signs and pays.") var from: String
        @Argument(help: "The recipient's strata1... address.") var to: String
        @Argument(help: "The amount.") var amount: String
        @Option(help: "The fee.") var fee = "0"
        @Option(help: "The nonce (default: the account's next nonce, asked from the sequencer).") var nonce: UInt64?
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func run() async throws {
            let home = L2NodeHome(options.home)
            try KeysCommand<Home>.checkName(from)
            let key = try AccountKeyFile.load(home.accountKeyFile(from)).key()
            let genesis = try RollupGenesis.load(path: home.genesisFile)
            let recipient: Address
            do { recipient = try Address(to) } catch { throw ValidationError("\"\(to)\" is not an address: \(error)") }
            guard let value = Amount(decimal: amount), let feeValue = Amount(decimal: fee) else {
                throw ValidationError("the amount and the fee must be decimal numbers")
            }
            let client = try HTTPClient(node)
            var next = nonce ?? 0
            if nonce == nil {
                let (status, body) = try await client.send("GET", "/v1/accounts/\(key.publicKey.address)")
                if status == 200, let account = try? JSONDecoder().decode(API.AccountBody.self, from: body) {
                    next = account.nonce
                }
            }
            let payload = TransferPayload(recipient: recipient, amount: value).canonicalBytes
            let transaction = Transaction(
                chainID: genesis.chainID, sender: .key(key.publicKey), nonce: next, fee: feeValue, kind: .transfer,
                payload: payload)
            let signed = SignedTransaction(signing: transaction, with: key)
            let body = try JSONEncoder().encode(API.SubmitTransaction(tx: Hex.encode(signed.bytes)))
            let (status, answer) = try await client.send("POST", "/v1/tx", json: body)
            printJSON(answer)
            guard status == 200 else { throw ExitCode(1) }
        }
    }
}
