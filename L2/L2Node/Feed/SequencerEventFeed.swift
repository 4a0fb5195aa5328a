import Common
import Synchronization

/// Fans the events of each sealed block out to subscribers (websocket clients, in-process engines), each with
/// its own bounded buffer (Common's ``BroadcastFeed``).
///
/// Publishing never waits: a subscriber that lets ``bufferBlocks`` blocks pile up is cut off (its stream ends),
/// so a slow client can neither hold memory nor stall sealing.
public final class SequencerEventFeed: Sendable {
    private let feed: BroadcastFeed<[FeedEvent]>
    private let catchingUp = Mutex(0)

    /// The most subscribers replaying past blocks at once (``EventReplay``): a replay re-executes blocks.
    public static let maxCatchUps = 1

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

    /// Takes one of the ``maxCatchUps`` places, or returns `false` when they are taken; ``endCatchUp()`` gives it
    /// back.
    public func beginCatchUp() -> Bool {
        catchingUp.withLock { count in
            guard count < Self.maxCatchUps else { return false }
            count += 1
            return true
        }
    }

    /// Gives back a place ``beginCatchUp()`` took.
    public func endCatchUp() { catchingUp.withLock { $0 -= 1 } }

    /// Ends every stream; later subscriptions are refused.
    public func finish() { feed.finish() }
}
