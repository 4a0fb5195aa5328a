import ArgumentParser
import Common
import Foundation
import Keyring
import L2Node
import L2Runtime

/// `l2d tx <kind>`: signs one transaction of any of the eighteen kinds with a keyring key, submits it to the
/// sequencer and prints the soft confirmation (and the id of what it creates).
struct TxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx", abstract: "Sign and submit transactions.",
        discussion: """
            Every subcommand takes the signing key's name first, then its own arguments, and shares --fee, \
            --nonce, --node, --home and --dry-run. Ids (zones, resources, programs, credentials, executions) \
            and hashes are 64 hex digits; amounts are decimal numbers of base units; times are milliseconds \
            since the Unix epoch.
            """,
        subcommands: [
            Transfer.self, Withdraw.self, StoreProgram.self, FoundZone.self, ReviseZoneRules.self,
            RegisterResource.self, UpdateResource.self, DereferenceResource.self, JoinZone.self, LeaveZone.self,
            IssueCredential.self, RevokeCredential.self, AcceptCredential.self, DismissCredential.self,
            RequestExecution.self, ReportExecution.self, CancelExecution.self, ClaimZonePool.self,
        ])
}

/// A `tx` subcommand: it turns its arguments into one payload, and ``TxOptions`` signs and submits it.
protocol TransactionCommand: AsyncParsableCommand {
    /// The signing key, the fee, the nonce, the node.
    var tx: TxOptions { get }
    /// The payload the arguments describe; a `ValidationError` names the argument that is wrong.
    func payload() throws -> TxPayload
}

extension TransactionCommand {
    /// Builds the payload when the arguments are parsed, so that bad input is a usage error of the subcommand.
    func validate() throws {
        _ = try payload()
    }

    func run() async throws {
        try await tx.submit(try payload())
    }
}

/// What a `tx` subcommand submits: a kind, its payload's canonical bytes, and what it creates.
struct TxPayload {
    /// A record the transaction creates, whose id is printed with the confirmation.
    enum Creates {
        /// A zone, resource, credential or execution: `RecordID.derive(tag, transaction:)`, printed under `field`.
        case record(field: String, tag: String)
        /// A rules program: its id is the hash of its source.
        case program(Hash)
    }

    let kind: TransactionKind
    let bytes: [UInt8]
    let creates: Creates?

    init(_ kind: TransactionKind, _ payload: some CanonicalEncodable, creates: Creates? = nil) {
        self.kind = kind
        self.bytes = payload.canonicalBytes
        self.creates = creates
    }

    /// The created record's JSON field and id for the transaction with hash `transaction`, if it creates one.
    func createdID(transaction: Hash) -> (field: String, id: Hash)? {
        switch creates {
        case .record(let field, let tag): (field, RecordID.derive(tag, transaction: transaction))
        case .program(let id): ("program_id", id)
        case nil: nil
        }
    }
}

/// The arguments every `tx` subcommand shares, and the one signing and submitting path.
struct TxOptions: ParsableArguments {
    @OptionGroup var home: HomeOption
    @Argument(help: "The keyring key that signs and pays the fee.") var from: String
    @Option(
        help: FeeArgument.help(
            auto: "the minimum fee, or for a kind that evaluates rules the fee that buys all the fuel a "
                + "transaction may use (what it does not use is not charged)"))
    var fee = "auto"
    @Option(help: "The nonce (default: the account's next nonce, asked from the sequencer).") var nonce: UInt64?
    @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"
    @Flag(name: .customLong("dry-run"), help: "Print the signed transaction (hex) instead of submitting it.")
    var dryRun = false

    /// Refuses a fee that is not a decimal number and a key name that cannot be a keyring file.
    func validate() throws {
        try KeysCommand<Home>.checkName(from)
        _ = try FeeArgument(fee)
    }

    /// `payload` signed by the `from` key with the given or the sequencer's next nonce.
    func sign(_ payload: TxPayload, client: HTTPClient?) async throws -> SignedTransaction {
        let paths = L2NodeHome(home.home)
        try KeysCommand<Home>.checkName(from)
        let key = try AccountKeyFile.load(paths.accountKeyFile(from)).key()
        let genesis = try RollupGenesis.load(path: paths.genesisFile)
        // A kind that evaluates no rules is charged the minimum whatever it carries: carrying more would only ask
        // for a balance it does not need.
        let config = genesis.runtimeConfig
        let feeValue = try FeeArgument(fee).resolve(
            auto: payload.kind.evaluatesRules ? config.fullFuelFee : config.minimumFee)
        var next = nonce ?? 0
        if nonce == nil, let client {
            next = try await client.nextNonce(of: key.publicKey.address)
        }
        let transaction = Transaction(
            chainID: genesis.chainID, sender: .key(key.publicKey), nonce: next, fee: feeValue, kind: payload.kind,
            payload: payload.bytes)
        return SignedTransaction(signing: transaction, with: key)
    }

    /// Signs `payload`, submits it to `POST /v1/tx` (or prints it with `--dry-run`) and prints the answer with
    /// the created id; exits 1 when the sequencer refuses it, 2 when it is confirmed as failed.
    func submit(_ payload: TxPayload) async throws {
        let client = try HTTPClient(node)
        let signed = try await sign(payload, client: dryRun && nonce != nil ? nil : client)
        let created = payload.createdID(transaction: signed.hash)
        var extra: [String: String] = [:]
        if let created { extra[created.field] = created.id.description }
        if dryRun {
            extra["tx"] = Hex.encode(signed.bytes)
            extra["tx_hash"] = signed.hash.description
            printJSON(extra)
            return
        }
        let body = try JSONEncoder().encode(API.SubmitTransaction(tx: Hex.encode(signed.bytes)))
        let (status, answer) = try await client.send("POST", "/v1/tx", json: body)
        guard status == 200, var object = (try? JSONSerialization.jsonObject(with: answer)) as? [String: Any] else {
            printJSON(answer)
            throw ExitCode(1)
        }
        guard object["status"] as? String == "success" else {
            // In a block, but failed: nothing was created; name the reason.
            if let code = object["reason"] as? Int, let reason = FailureReason(rawValue: UInt16(clamping: code)) {
                object["reason_name"] = "\(reason)"
                object["reason_message"] = reason.message
            }
            printJSON(object)
            throw ExitCode(2)
        }
        object.merge(extra) { _, new in new }
        printJSON(object)
    }
}

extension HTTPClient {
    /// The next nonce of `address` (0 for an account the sequencer does not know).
    func nextNonce(of address: Address) async throws -> UInt64 {
        let account: API.AccountBody? = try await get("/v1/accounts/\(address)")
        return account?.nonce ?? 0
    }

    /// What `load` and `engine` need of the sequencer's `GET /v1/status`, read on its own so that a sequencer of
    /// another version, with fields added or gone elsewhere in the answer, still serves them.
    struct NodeStatus: Decodable {
        var chainID: String
        var minimumFee: Amount
        var fullFuelFee: Amount
        var latestBlock: UInt64

        enum CodingKeys: String, CodingKey {
            case chainID = "chain_id"
            case minimumFee = "minimum_fee"
            case fullFuelFee = "full_fuel_fee"
            case latestBlock = "latest_block"
        }
    }

    /// `GET /v1/status`'s ``NodeStatus``, or an error that says what was wrong with the answer.
    func status() async throws -> NodeStatus {
        let (status, body) = try await send("GET", "/v1/status")
        guard status == 200 else {
            throw CLIError("\(endpoint)/v1/status answered HTTP \(status); is it a Strata sequencer?")
        }
        do {
            return try JSONDecoder().decode(NodeStatus.self, from: body)
        } catch {
            throw CLIError("\(endpoint)/v1/status is not a Strata sequencer's status: \(error)")
        }
    }

    /// `GET path`: a 200 body decoded, `nil` for a 404, an error otherwise.
    func get<T: Decodable>(_ path: String) async throws -> T? {
        let (status, body) = try await send("GET", path)
        switch status {
        case 200: return try JSONDecoder().decode(T.self, from: body)
        case 404: return nil
        default: throw CLIError("GET \(path) answered \(status): \(String(decoding: body, as: UTF8.self))")
        }
    }
}
