import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One websocket connection: JSON-RPC requests in, responses and subscribed events out.
///
/// `subscribe`, `unsubscribe` and `unsubscribe_all` are handled here; every other method goes to the dispatcher,
/// so a client can also call `status` or `broadcast_tx_sync` on the socket. Three tasks share the connection: a
/// reader that answers requests in order, a forwarder that sends each node event to the subscriptions it matches,
/// and one writer that owns the socket, fed by a bounded queue. A client that lets ``outboxSize`` messages pile
/// up, or whose event stream the node cuts off, gets a last error message and is disconnected.
struct WebSocketSession: Sendable {
    let dispatcher: RPCDispatcher
    let maxSubscriptions: Int
    let maxMessageBytes: Int
    let logger: Logger

    /// The most messages waiting to be written to one client.
    static let outboxSize = 1_000

    /// A subscription: the request id to send its events under, and its query.
    struct Subscription: Sendable {
        var id: JSONValue
        var query: EventQuery
    }

    /// The connection's subscriptions by query text, shared by the reader and the forwarder.
    final class Subscriptions: Sendable {
        let table = Mutex<[String: Subscription]>([:])
    }

    /// Serves the connection until the client closes it or falls behind.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let subscriptions = Subscriptions()
        let (outbox, post) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(Self.outboxSize))
        let events = dispatcher.backend.events()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in outbox {
                    do { try await outbound.writeTextMessage(message) } catch { break }
                }
            }
            group.addTask {
                await forward(events, subscriptions: subscriptions, post: post)
            }
            group.addTask {
                await read(inbound, subscriptions: subscriptions, post: post)
            }
            // The first task to end (client gone, client too slow, stream cut off) ends the session.
            await group.next()
            post.finish()
            group.cancelAll()
        }
        try? await outbound.close(.normalClosure, reason: nil)
    }

    /// Answers requests until the client closes the connection.
    private func read(
        _ inbound: WebSocketInboundStream, subscriptions: Subscriptions,
        post: AsyncStream<String>.Continuation
    ) async {
        do {
            for try await message in inbound.messages(maxSize: maxMessageBytes) {
                let body: [UInt8]
                switch message {
                case .text(let text): body = Array(text.utf8)
                case .binary(let buffer): body = Array(buffer.readableBytesView)
                }
                let response = await answer(body, subscriptions: subscriptions)
                guard Self.send(response, on: post) else { return }
            }
        } catch {
            logger.debug("websocket read ended", metadata: ["error": "\(error)"])
        }
    }

    /// Sends each event to the subscriptions it matches; when the stream ends, tells the subscribers why.
    private func forward(
        _ events: AsyncStream<NodeEvent>, subscriptions: Subscriptions,
        post: AsyncStream<String>.Continuation
    ) async {
        for await event in events {
            let active = subscriptions.table.withLock { Array($0.values) }
            guard !active.isEmpty else { continue }
            let attributes = event.attributes
            let data = event.data
            for subscription in active where subscription.query.matches(attributes) {
                let message = RPCModel.EventMessage(query: subscription.query.text, data: data, events: attributes)
                guard let result = try? dispatcher.encode(message) else { continue }
                guard Self.send(JSONRPCEnvelope.success(id: subscription.id, result: result), on: post) else { return }
            }
        }
        guard !Task.isCancelled else { return }
        let reason = RPCError(
            .unavailable,
            "subscription cancelled: the client did not read events fast enough, or the node is stopping")
        for subscription in subscriptions.table.withLock({ Array($0.values) }) {
            _ = Self.send(JSONRPCEnvelope.failure(id: subscription.id, error: reason), on: post)
        }
    }

    /// Queues a message; `false` when the outbox is full or closed (the session then ends).
    private static func send(_ message: [UInt8], on post: AsyncStream<String>.Continuation) -> Bool {
        if case .enqueued = post.yield(String(decoding: message, as: UTF8.self)) { return true }
        return false
    }

    /// The response to one message: subscription methods here, the rest through the dispatcher.
    private func answer(_ body: [UInt8], subscriptions: Subscriptions) async -> [UInt8] {
        let value: JSONValue
        switch JSONRPCEnvelope.parse(body) {
        case .success(let parsed): value = parsed
        case .failure(let error): return JSONRPCEnvelope.failure(id: .null, error: error)
        }
        guard case .success(let request) = JSONRPCEnvelope.request(from: value),
            let method = RPCMethod(rawValue: request.method), method.isWebSocketOnly
        else { return await dispatcher.handleOne(value, webSocket: true) }
        do throws(RPCError) {
            let params = try RPCParams(json: request.params, method: method)
            switch method {
            case .subscribe:
                let query = try EventQuery(RPCParams.required(try params.string("query"), "query"))
                try subscriptions.table.withLock { (active) throws(RPCError) in
                    guard active[query.text] == nil else { throw .invalidParams("already subscribed to \(query)") }
                    guard active.count < maxSubscriptions else {
                        throw RPCError(.limitReached, "at most \(maxSubscriptions) subscriptions per connection")
                    }
                    active[query.text] = Subscription(id: request.id, query: query)
                }
                logger.debug("websocket subscribed", metadata: ["query": "\(query)"])
            case .unsubscribe:
                let text = try RPCParams.required(try params.string("query"), "query")
                let removed = subscriptions.table.withLock { $0.removeValue(forKey: text) }
                guard removed != nil else {
                    throw .invalidParams("no subscription to \(text.prefix(EventQuery.maxBytes))")
                }
            default:
                subscriptions.table.withLock { $0.removeAll() }
            }
            return JSONRPCEnvelope.success(id: request.id, result: try dispatcher.encode(RPCModel.Empty()))
        } catch {
            return JSONRPCEnvelope.failure(id: request.id, error: error)
        }
    }
}
