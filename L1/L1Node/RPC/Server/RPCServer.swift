import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// The node's RPC server on Hummingbird 2: CometBFT's routes over HTTP (GET with URI parameters, JSON-RPC POST
/// to `/`), a websocket at `/websocket` (and `/subscribe`) for event subscriptions, and Prometheus `/metrics`.
///
/// It binds `127.0.0.1:26657` unless configured otherwise, and enforces the limits of ``RPCConfiguration``.
/// docs/rpc.md describes the routes, parameters, result shapes and error codes.
///
/// ```swift
/// let server = RPCServer(backend: node, metrics: metrics, logger: logger)
/// try await server.run()  // until the task is cancelled; or add makeApplication() to a ServiceGroup
/// ```
public struct RPCServer: Sendable {
    /// Where it listens and its limits.
    public let configuration: RPCConfiguration
    let dispatcher: RPCDispatcher
    let metrics: NodeMetrics
    let webSockets: WebSocketGate
    let logger: Logger

    /// A server for `backend`, serving `metrics` on `/metrics`.
    public init(
        backend: any RPCBackend, metrics: NodeMetrics, configuration: RPCConfiguration = RPCConfiguration(),
        logger: Logger = Logger(label: "strata.rpc")
    ) {
        self.configuration = configuration
        self.dispatcher = RPCDispatcher(backend: backend, configuration: configuration, logger: logger)
        self.metrics = metrics
        self.webSockets = WebSocketGate(capacity: configuration.maxWebSocketSubscribers)
        self.logger = logger
    }

    /// The Hummingbird application: a `Service` to run alone (``run()``) or in the node's `ServiceGroup`.
    /// `onServerRunning` is called with the bound port once the server listens (useful with port 0).
    public func makeApplication(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let responder = RPCHTTPResponder(server: self)
        let session = WebSocketSession(
            dispatcher: dispatcher, maxSubscriptions: configuration.maxSubscriptionsPerClient,
            maxMessageBytes: configuration.maxWebSocketMessageBytes, logger: logger)
        let gate = webSockets
        let logger = logger
        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .seconds(60)),
            ws: WebSocketServerConfiguration(
                maxFrameSize: configuration.maxWebSocketMessageBytes, autoPing: .enabled(timePeriod: .seconds(30)),
                closeTimeout: .seconds(5)))
        return Application(
            responder: responder,
            server: .http1WebSocketUpgrade(configuration: webSocket) { request, _, _ in
                guard request.method == .get, Self.isWebSocketPath(request.path ?? ""), gate.hasRoom else {
                    return .dontUpgrade
                }
                return .upgrade([:]) { inbound, outbound, _ in
                    guard gate.enter() else {
                        let error = RPCError(.limitReached, "too many websocket connections")
                        try? await outbound.writeTextMessage(
                            String(decoding: JSONRPCEnvelope.failure(id: .null, error: error), as: UTF8.self))
                        try? await outbound.close(.policyViolation, reason: "too many websocket connections")
                        return
                    }
                    defer { gate.leave() }
                    logger.debug("websocket opened", metadata: ["connections": "\(gate.count)"])
                    await session.run(inbound: inbound, outbound: outbound)
                }
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs the server until the calling task is cancelled.
    public func run() async throws {
        try await makeApplication().run()
    }

    /// Whether `path` (query string included or not) is a websocket route: `/websocket` or `/subscribe`.
    static func isWebSocketPath(_ path: String) -> Bool {
        let route = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return route == "/websocket" || route == "/subscribe"
    }
}

/// Counts open websocket connections against their cap.
final class WebSocketGate: Sendable {
    let capacity: Int
    private let open = Atomic<Int>(0)

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The number of open websocket connections.
    var count: Int { open.load(ordering: .relaxed) }

    /// Whether one more connection would fit (checked before the upgrade; ``enter()`` decides).
    var hasRoom: Bool { count < capacity }

    /// Takes a place; `false` (and nothing taken) when the cap is reached.
    func enter() -> Bool {
        let now = open.add(1, ordering: .relaxed).newValue
        guard now <= capacity else {
            open.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives a place back.
    func leave() { open.subtract(1, ordering: .relaxed) }
}
