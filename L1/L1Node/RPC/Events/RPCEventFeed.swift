import Synchronization

/// Fans node events out to subscribers, each with its own bounded buffer.
///
/// A subscriber that lets ``bufferSize`` events pile up is cut off: its stream ends, so that a slow websocket
/// client can never hold memory or make the node wait (CometBFT cancels such subscriptions too). The node
/// assembly publishes into one feed and returns ``subscribe()`` from ``RPCBackend/events()``.
public final class RPCEventFeed: Sendable {
    /// The most events a subscriber may have waiting before it is cut off.
    public let bufferSize: Int
    /// The most subscribers at once; a further ``subscribe()`` gets a stream that ends at once.
    public let maxSubscribers: Int

    private struct State {
        var nextID = 0
        var subscribers: [Int: AsyncStream<NodeEvent>.Continuation] = [:]
        var finished = false
    }

    private let state = Mutex(State())

    /// A feed with the given caps.
    public init(bufferSize: Int = 1_000, maxSubscribers: Int = 1_000) {
        self.bufferSize = max(1, bufferSize)
        self.maxSubscribers = max(0, maxSubscribers)
    }

    /// A new stream of the events published from now on.
    public func subscribe() -> AsyncStream<NodeEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: NodeEvent.self, bufferingPolicy: .bufferingOldest(bufferSize))
        let id: Int? = state.withLock { state in
            guard !state.finished, state.subscribers.count < maxSubscribers else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return stream
    }

    /// The number of live subscribers.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Sends `event` to every subscriber; a subscriber whose buffer is full is cut off.
    public func publish(_ event: NodeEvent) {
        let subscribers = state.withLock { Array($0.subscribers) }
        for (id, continuation) in subscribers {
            if case .dropped = continuation.yield(event) {
                remove(id)
                continuation.finish()
            }
        }
    }

    /// Ends every stream; later subscribers get a stream that ends at once.
    public func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in subscribers { continuation.finish() }
    }

    private func remove(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}
