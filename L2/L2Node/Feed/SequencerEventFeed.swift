import Synchronization

/// Fans the events of each sealed block out to subscribers (websocket clients, in-process engines), each with
/// its own bounded buffer.
///
/// Publishing never waits: a subscriber that lets ``bufferBlocks`` blocks pile up is cut off (its stream ends),
/// so a slow client can neither hold memory nor stall sealing.
public final class SequencerEventFeed: Sendable {
    /// The most sealed blocks a subscriber may have waiting before it is cut off.
    public let bufferBlocks: Int
    /// The most subscribers at once; ``subscribe()`` refuses more.
    public let maxSubscribers: Int

    private struct State {
        var nextID = 0
        var subscribers: [Int: AsyncStream<[FeedEvent]>.Continuation] = [:]
        var finished = false
    }

    private let state = Mutex(State())

    /// A feed with the given caps.
    public init(bufferBlocks: Int = 256, maxSubscribers: Int = 256) {
        self.bufferBlocks = max(1, bufferBlocks)
        self.maxSubscribers = max(0, maxSubscribers)
    }

    /// A stream of the events of every block sealed from now on (one element per block that emitted events),
    /// or `nil` when the feed has ``maxSubscribers`` or is finished.
    public func subscribe() -> AsyncStream<[FeedEvent]>? {
        let (stream, continuation) = AsyncStream.makeStream(
            of: [FeedEvent].self, bufferingPolicy: .bufferingOldest(bufferBlocks))
        let id: Int? = state.withLock { state in
            guard !state.finished, state.subscribers.count < maxSubscribers else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return nil
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return stream
    }

    /// The number of live subscribers.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Sends one block's events to every subscriber; a subscriber whose buffer is full is cut off.
    public func publish(_ events: [FeedEvent]) {
        guard !events.isEmpty else { return }
        let subscribers = state.withLock { Array($0.subscribers) }
        for (id, continuation) in subscribers {
            if case .dropped = continuation.yield(events) {
                remove(id)
                continuation.finish()
            }
        }
    }

    /// Ends every stream; later subscriptions are refused.
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
