import ArgumentParser
import Common
import Foundation
import HummingbirdWSClient
import Keyring
import L2Node
import L2Runtime
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `l2d engine <key>`: a reference workflow engine. It follows the sequencer's event feed for executions
/// requested of engines the key controls, and runs each with ``WorkflowEngine`` (started, the service call,
/// delivered or failed).
struct EngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Run a reference workflow engine for the engines a keyring key controls.",
        discussion: """
            Subscribes to GET /v1/events (websocket) for executionRequested events of the key's engines. For each, it \
            reports started, POSTs the job as JSON to the order's service endpoint (its first resource of kind \
            service, else its first http(s) endpoint), then reports delivered with the BLAKE2b-256 of the answer \
            as evidence, or failed. Endpoints are registered by anyone: it calls only public addresses (unless \
            --allow-private-endpoints), follows no redirect, reads at most --max-answer-bytes, and gives a call \
            --service-timeout seconds in all. Reports are sent one at a time with consecutive nonces. It follows from the \
            block after the latest when it starts (or --from-block), and after a disconnection resumes from the \
            last block it received events of (from_block: the sequencer replays what it missed, up to 1,000 \
            blocks back).
            """)

    @OptionGroup var options: HomeOption
    @Argument(help: "The keyring key that controls the engine resource(s) and signs the reports.") var key: String
    @Option(help: FeeArgument.help(auto: "the rollup's minimum fee (reports evaluate no rules)")) var fee = "auto"
    @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"
    @Option(help: "Seconds a service call may take in all, connection to last byte.") var serviceTimeout: Double = 30
    @Option(help: "The largest service answer read, in bytes; a longer one fails the execution.")
    var maxAnswerBytes = 1 << 20
    @Flag(help: "Also call endpoints on loopback, private or link-local addresses (a test network, a trusted cluster).")
    var allowPrivateEndpoints = false

    func validate() throws {
        guard serviceTimeout > 0, serviceTimeout <= 3600 else {
            throw ValidationError("--service-timeout must be above 0 and at most 3600 s")
        }
        guard maxAnswerBytes > 0 else { throw ValidationError("--max-answer-bytes must be positive") }
    }
    @Option(
        name: .customLong("from-block"),
        help: "Handle the executions requested from this block on (default: from the next block).")
    var fromBlock: UInt64?

    func run() async throws {
        let home = L2NodeHome(options.home)
        try KeysCommand<Home>.checkName(key)
        let signing = try AccountKeyFile.load(home.accountKeyFile(key)).key()
        let genesis = try RollupGenesis.load(path: home.genesisFile)
        let feeValue = try FeeArgument(fee).resolve(auto: genesis.minimumFee)
        let client = try HTTPClient(node)
        let logger = {
            var logger = Logger(label: "strata.l2.engine")
            logger.logLevel = .info
            return logger
        }()
        let transport = ServiceTransport(
            policy: EndpointPolicy(allowsPrivateAddresses: allowPrivateEndpoints), maxAnswerBytes: maxAnswerBytes,
            timeout: .milliseconds(Int64(serviceTimeout * 1000)))
        let engine = WorkflowEngine(
            key: signing, chainID: genesis.chainID, fee: feeValue, node: HTTPEngineNode(client: client),
            service: transport.post, logger: logger)
        var from = fromBlock
        while !Task.isCancelled {
            if from == nil {
                // From the next block: what is sealed already is not this run's to handle.
                let status = try? await client.status()
                from = status.map { $0.latestBlock + 1 }
            }
            let url = Self.feedURL(node: client.endpoint, controller: engine.address, from: from)
            logger.info("engine following the feed", metadata: ["address": "\(engine.address)", "feed": "\(url)"])
            let ended = LockedValue<API.ErrorBody?>(nil)
            do {
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
                    let error = try await engine.follow(inbound)
                    ended.value = error
                }
                logger.warning("the event feed closed; reconnecting")
            } catch {
                logger.warning("the event feed failed; reconnecting", metadata: ["error": "\(error)"])
            }
            if let last = engine.lastReceivedBlock { from = max(from ?? 0, last) }
            if let error = ended.value, error.code == IngestError.badParameter("").code {
                // Too far back to replay: the executions requested meanwhile are missed (they refund at their
                // deadline); follow from now on.
                logger.error(
                    "cannot catch up; following from the next block",
                    metadata: ["from_block": "\(from.map(String.init) ?? "none")", "reason": "\(error.message)"])
                from = nil
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// The feed's websocket URL for `controller`'s engines, from block `from` if given.
    static func feedURL(node: URL, controller: Address, from: UInt64? = nil) -> String {
        var base = node.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasPrefix("https://") {
            base = "wss://" + base.dropFirst("https://".count)
        } else if base.hasPrefix("http://") {
            base = "ws://" + base.dropFirst("http://".count)
        }
        return base + "/v1/events?engine=\(controller)&kinds=executionRequested"
            + (from.map { "&from_block=\($0)" } ?? "")
    }
}

/// ``EngineNodeClient`` over the sequencer's HTTP API.
struct HTTPEngineNode: EngineNodeClient {
    let client: HTTPClient

    func execution(_ id: Hash) async throws -> API.ExecutionBody? {
        try await client.get("/v1/executions/\(id)")
    }

    func resource(_ id: Hash) async throws -> API.ResourceBody? {
        try await client.get("/v1/resources/\(id)")
    }

    func nextNonce(_ address: Address) async throws -> UInt64 {
        try await client.nextNonce(of: address)
    }

    func submit(_ transaction: SignedTransaction) async throws -> Result<API.Confirmation, API.ErrorBody> {
        let body = try JSONEncoder().encode(API.SubmitTransaction(tx: Hex.encode(transaction.bytes)))
        let (status, answer) = try await client.send("POST", "/v1/tx", json: body)
        if status == 200 { return .success(try JSONDecoder().decode(API.Confirmation.self, from: answer)) }
        return .failure(try JSONDecoder().decode(API.ErrorBody.self, from: answer))
    }
}
