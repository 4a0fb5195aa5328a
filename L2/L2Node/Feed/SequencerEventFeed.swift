import Common

/// Fans the events of each sealed block out to subscribers (websocket clients, in-process engines), each with
/// its own bounded buffer (Common's ``BroadcastFeed``).
///
/// Publishing never waits: a subscriber that lets ``bufferBlocks`` blocks pile up is cut off (its stream ends),
/// so a slow client can neither hold memory nor stall sealing.
public final class SequencerEventFeed: Sendable {
    private let feed: BroadcastFeed<[FeedEvent]>

    /// The most sealed blocks a subscriber may have waiting before it is cut off.
    public var bufferBlocks: Int { feed.bufferSize }
    /// The most subscribers at once; ``subscribe()`` refuses more.
    public var maxSubscribers: Int { feed.maxSubscribers }

    /// A feed with the given caps.
    public init(bufferBlocks: Int = 256, maxSubscribers: Int = 256) {
        feed = BroadcastFeed(bufferSize: bufferBlocks, maxSubscribers: maxSubscribers)
    }

    /// A stream of the events of every block sealed from now on (one element per block that emitted events),
    /// or `nil` when the feed has ``maxSubscribers`` or is finished.
    public func subscribe() -> AsyncStream<[FeedEvent]>? { feed.subscribe() }

    /// The number of live subscribers.
    public var subscriberCount: Int { feed.subscriberCount }

    /// Sends one block's events to every subscriber; a subscriber whose buffer is full is cut off.
    public func publish(_ events: [FeedEvent]) {
        guard !events.isEmpty else { return }
        feed.publish(events)
    }

    /// Ends every stream; later subscriptions are refused.
    public func finish() { feed.finish() }
}
