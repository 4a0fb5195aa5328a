import Common
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import L2Runtime
import Logging
import NIOCore

/// The sequencer's HTTP API on Hummingbird 2:
///
/// - `POST /v1/tx` `{"tx": "<hex>"}` → a signed confirmation with its proof in the signed set
///   (``SoftConfirmationSet``), or `{"code", "name", "message"}` with a 4xx
/// - `POST /v1/txs` `{"txs": ["<hex>", ...]}` → `{"results": [{"confirmation": ...} | {"error": ...}]}`
/// - `POST /v1/txs/binary` (``BinaryBatch``) → the same JSON, or binary with `Accept: application/octet-stream`
/// - `GET /v1/status`, `GET /v1/blocks/{n}`, `GET /v1/txs/{hash}`, `GET /v1/accounts/{address}`, `GET /metrics`
/// - `GET /v1/zones/{id}`, `/v1/resources/{id}`, `/v1/resources/{id}/provenance`, `/v1/programs/{id}`,
///   `/v1/credentials/{id}`, `/v1/executions/{id}`, `/v1/grants/{execution}/{resource}` (with a state proof),
///   read at a sealed block (`?block=n`)
/// - `GET /v1/events` (websocket): the sealed blocks' events as JSON, filtered by `?engine=` and `?kinds=`, from
///   `?from_block=` (replayed) or the connection on
///
/// Nothing a client sends escapes as a thrown error: every refusal is a JSON error with a stable code.
public struct SequencerHTTPServer: Sendable {
    /// Where it listens and its limits.
    public let configuration: SequencerHTTPConfiguration
    let sequencer: Sequencer
    let batcher: Batcher?
    let logger: Logger

    /// A server for `sequencer`.
    ///
    /// - Parameter batcher: the node's batcher, whose progress `GET /v1/status` shows.
    public init(
        sequencer: Sequencer, configuration: SequencerHTTPConfiguration = SequencerHTTPConfiguration(),
        batcher: Batcher? = nil, logger: Logger = Logger(label: "strata.l2.http")
    ) {
        self.sequencer = sequencer
        self.batcher = batcher
        self.configuration = configuration
        self.logger = logger
    }

    /// The routes.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let server = self
        router.post("/v1/tx") { request, _ in await server.submitOne(request) }
        router.post("/v1/txs") { request, _ in await server.submitBatch(request) }
        router.post("/v1/txs/binary") { request, _ in await server.submitBinary(request) }
        router.get("/v1/status") { _, _ in await server.status() }
        router.get("/v1/blocks/:number") { _, context in server.block(context.parameters.get("number")) }
        router.get("/v1/txs/:hash") { _, context in server.transaction(context.parameters.get("hash")) }
        router.get("/v1/accounts/:address") { _, context in await server.account(context.parameters.get("address")) }
        router.get("/v1/zones/:id") { request, context in await server.zone(request, context.parameters.get("id")) }
        router.get("/v1/resources/:id") { request, context in
            await server.resource(request, context.parameters.get("id"))
        }
        router.get("/v1/resources/:id/provenance") { request, context in
            await server.provenance(request, context.parameters.get("id"))
        }
        router.get("/v1/programs/:id") { request, context in
            await server.program(request, context.parameters.get("id"))
        }
        router.get("/v1/credentials/:id") { request, context in
            await server.credential(request, context.parameters.get("id"))
        }
        router.get("/v1/executions/:id") { request, context in
            await server.execution(request, context.parameters.get("id"))
        }
        router.get("/v1/grants/:execution/:resource") { request, context in
            await server.grant(
                request, execution: context.parameters.get("execution"), resource: context.parameters.get("resource"))
        }
        router.get("/v1/events") { request, _ in
            // Reached only without a websocket upgrade: a bad filter, or a plain HTTP request.
            do throws(IngestError) {
                _ = try EventFilter(parameters: EventStream.parameters(request.uri.description))
            } catch {
                return Self.error(error)
            }
            return Self.error(.malformedRequest("GET /v1/events is a websocket: send an upgrade request"))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: server.sequencer.metrics.exposition())))
        }
        return router
    }

    /// The Hummingbird application (a `Service`); `onServerRunning` gets the bound port.
    public func makeApplication(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let feed = sequencer.events
        let (logger, sequencer) = (logger, sequencer)
        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .seconds(60)),
            ws: WebSocketServerConfiguration(
                maxFrameSize: 1 << 16, autoPing: .enabled(timePeriod: .seconds(30)), closeTimeout: .seconds(5)))
        return Application(
            router: makeRouter(),
            server: .http1WebSocketUpgrade(configuration: webSocket) { request, _, _ in
                let path = request.path ?? ""
                guard request.method == .get, EventStream.isFeedPath(path),
                    let filter = try? EventFilter(parameters: EventStream.parameters(path))
                else {
                    return .dontUpgrade
                }
                return .upgrade([:]) { inbound, outbound, _ in
                    func refuse(_ error: IngestError, _ reason: String) async {
                        if let text = EventStream.json(API.ErrorBody(error)) {
                            try? await outbound.writeTextMessage(text)
                        }
                        try? await outbound.close(.policyViolation, reason: reason)
                    }
                    guard let events = feed.subscribe() else {
                        await refuse(
                            .streamEnded("the feed has its \(feed.maxSubscribers) subscribers"), "too many subscribers")
                        return
                    }
                    var stream = EventStream(filter: filter, events: events, logger: logger)
                    if let from = filter.fromBlock {
                        // Subscribed first, then the last stored block read: every block after it is published
                        // to this subscription.
                        do throws(IngestError) {
                            stream.replay = try sequencer.eventReplay(
                                from: from, latest: sequencer.blocks.latestNumber())
                        } catch {
                            await refuse(error, "cannot catch up")
                            return
                        }
                        if stream.replay != nil {
                            guard feed.beginCatchUp() else {
                                await refuse(
                                    .streamEnded("another subscriber is catching up from a past block; retry shortly"),
                                    "catch-up busy")
                                return
                            }
                            stream.replayed = { feed.endCatchUp() }
                        }
                    }
                    await stream.run(inbound: inbound, outbound: outbound)
                }
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    // MARK: Ingest

    private func body(_ request: Request) async -> Result<[UInt8], IngestError> {
        let cap = configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > cap {
            return .failure(.bodyTooLarge(cap: cap))
        }
        do {
            let buffer = try await request.body.collect(upTo: cap)
            return .success(Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .failure(.bodyTooLarge(cap: cap))
        } catch {
            return .failure(.malformedRequest("could not read the request body"))
        }
    }

    func submitOne(_ request: Request) async -> Response {
        let bytes: [UInt8]
        switch await body(request) {
        case .failure(let error): return Self.error(error)
        case .success(let body):
            guard let submit = try? JSONDecoder().decode(API.SubmitTransaction.self, from: Data(body)) else {
                return Self.error(.malformedRequest("the body must be {\"tx\": \"<hex of the signed transaction>\"}"))
            }
            guard let decoded = Hex.decode(submit.tx) else {
                return Self.error(.malformedRequest("\"tx\" is not hex"))
            }
            bytes = decoded
        }
        switch await sequencer.process([bytes]).first {
        case .success(let signed): return Self.json(200, API.Confirmation(signed))
        case .failure(let error): return Self.error(error)
        case nil: return Self.error(.unavailable("no result"))
        }
    }

    func submitBatch(_ request: Request) async -> Response {
        switch await body(request) {
        case .failure(let error): return Self.error(error)
        case .success(let body):
            guard let submit = try? JSONDecoder().decode(API.SubmitTransactions.self, from: Data(body)) else {
                return Self.error(.malformedRequest("the body must be {\"txs\": [\"<hex>\", ...]}"))
            }
            guard submit.txs.count <= configuration.maxBatchTransactions else {
                return Self.error(.batchTooLarge(count: submit.txs.count, cap: configuration.maxBatchTransactions))
            }
            var items: [[UInt8]] = []
            for (position, hex) in submit.txs.enumerated() {
                guard let bytes = Hex.decode(hex) else {
                    return Self.error(.malformedRequest("txs[\(position)] is not hex"))
                }
                items.append(bytes)
            }
            return Self.json(200, Self.batchBody(await sequencer.process(items)))
        }
    }

    func submitBinary(_ request: Request) async -> Response {
        let wantsBinary = request.headers[.accept]?.contains("application/octet-stream") ?? false
        switch await body(request) {
        case .failure(let error): return Self.error(error)
        case .success(let body):
            switch BinaryBatch.split(
                body, maxTransactions: configuration.maxBatchTransactions,
                maxTransactionBytes: configuration.maxBodyBytes)
            {
            case .failure(let error): return Self.error(error)
            case .success(let items):
                let results = await sequencer.process(items)
                if wantsBinary {
                    return Response(
                        status: .ok, headers: [.contentType: "application/octet-stream"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: BinaryBatch.encode(results))))
                }
                return Self.json(200, Self.batchBody(results))
            }
        }
    }

    static func batchBody(_ results: [Result<SignedSoftConfirmation, IngestError>]) -> API.BatchResults {
        API.BatchResults(
            results: results.map { result in
                switch result {
                case .success(let signed): API.BatchResult(confirmation: API.Confirmation(signed), error: nil)
                case .failure(let error): API.BatchResult(confirmation: nil, error: API.ErrorBody(error))
                }
            })
    }

    // MARK: Queries

    func status() async -> Response {
        let tip = sequencer.committedTip
        let open = await sequencer.openBlock
        let mempool = await sequencer.mempoolSize
        let halted = await sequencer.haltReason
        var batching: API.BatcherStatus?
        if let batcher {
            let last = await batcher.lastSubmitted
            batching = API.BatcherStatus(
                lastBatch: last?.batchIndex, lastBatchedBlock: last?.lastBlock ?? 0,
                lastBatchHash: last?.hash.description, backlogBytes: await batcher.backlogBytes)
        }
        return Self.json(
            200,
            API.Status(
                chainID: sequencer.chainID, genesisHash: sequencer.genesisHash.description,
                sequencer: Hex.encode(sequencer.sequencerKey.bytes),
                minimumFee: sequencer.runtimeConfig.minimumFee,
                feePerThousandFuel: sequencer.runtimeConfig.feePerThousandFuel,
                fullFuelFee: sequencer.runtimeConfig.fullFuelFee,
                feeRecipient: sequencer.runtimeConfig.feeRecipient?.description, latestBlock: tip.number,
                latestBlockHash: tip.hash.description, latestStateRoot: tip.stateRoot.description,
                openBlock: open?.number, openBlockTxs: open?.transactions ?? 0, mempoolTxs: mempool.transactions,
                durableLogRecords: sequencer.log.durablePosition, halted: halted, batcher: batching))
    }

    func block(_ parameter: String?) -> Response {
        guard let parameter, let number = UInt64(parameter) else {
            return Self.error(.malformedRequest("the block number must be a decimal number"))
        }
        do {
            guard let stored = try sequencer.blocks.block(number) else {
                return Self.error(.notFound("no sealed block \(number)"))
            }
            return Self.json(200, API.BlockBody(stored))
        } catch {
            return Self.error(.unavailable("\(error)"))
        }
    }

    func transaction(_ parameter: String?) -> Response {
        guard let parameter, let hash = Hash(hex: parameter) else {
            return Self.error(.malformedRequest("the transaction hash must be 64 hex digits"))
        }
        do {
            guard let location = try sequencer.blocks.location(of: hash) else {
                return Self.error(.notFound("no sealed transaction \(hash)"))
            }
            return Self.json(200, API.TransactionLocation(block: location.blockNumber, index: location.index))
        } catch {
            return Self.error(.unavailable("\(error)"))
        }
    }

    func account(_ parameter: String?) async -> Response {
        guard let parameter else { return Self.error(.malformedRequest("missing address")) }
        let address: Address
        do { address = try Address(parameter) } catch {
            return Self.error(.malformedRequest("\"\(parameter)\" is not a strata1... address: \(error)"))
        }
        do {
            guard let account = try await sequencer.account(at: address) else {
                return Self.error(.notFound("no account \(parameter)"))
            }
            return Self.json(
                200,
                API.AccountBody(
                    address: address.description, index: account.index.value, nonce: account.nonce,
                    balance: account.balance, publicKey: account.publicKey.map { Hex.encode($0.bytes) }))
        } catch {
            return Self.error(.unavailable("\(error)"))
        }
    }

    // MARK: Responses

    static func json(_ status: Int, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ error: IngestError) -> Response {
        json(error.httpStatus, API.ErrorBody(error))
    }
}
