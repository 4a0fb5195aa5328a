import Common

/// Fans node events out to subscribers, each with its own bounded buffer (Common's ``BroadcastFeed``).
///
/// A subscriber that lets ``bufferSize`` events pile up is cut off: its stream ends, so that a slow websocket
/// client can never hold memory or make the node wait (CometBFT cancels such subscriptions too). The node
/// assembly publishes into one feed and returns ``subscribe()`` from ``RPCBackend/events()``.
public final class RPCEventFeed: Sendable {
    private let feed: BroadcastFeed<NodeEvent>

    /// The most events a subscriber may have waiting before it is cut off.
    public var bufferSize: Int { feed.bufferSize }
    /// The most subscribers at once; a further ``subscribe()`` gets a stream that ends at once.
    public var maxSubscribers: Int { feed.maxSubscribers }

    /// A feed with the given caps.
    public init(bufferSize: Int = 1_000, maxSubscribers: Int = 1_000) {
        feed = BroadcastFeed(bufferSize: bufferSize, maxSubscribers: maxSubscribers)
    }

    /// A new stream of the events published from now on (one that ends at once when the feed is full or
    /// finished).
    public func subscribe() -> AsyncStream<NodeEvent> {
        feed.subscribe() ?? AsyncStream { $0.finish() }
    }

    /// The number of live subscribers.
    public var subscriberCount: Int { feed.subscriberCount }

    /// Sends `event` to every subscriber; a subscriber whose buffer is full is cut off.
    public func publish(_ event: NodeEvent) { feed.publish(event) }

    /// Ends every stream; later subscribers get a stream that ends at once.
    public func finish() { feed.finish() }
}
