import Synchronization

/// Fans elements out to subscribers, each with its own bounded buffer: the shared mechanism of the nodes'
/// event feeds (L1's RPC events, the L2 sequencer's block events).
///
/// Publishing never waits: a subscriber that lets ``bufferSize`` elements pile up is cut off (its stream ends),
/// so a slow client can neither hold memory nor stall the publisher.
public final class BroadcastFeed<Element: Sendable>: Sendable {
    /// The most elements a subscriber may have waiting before it is cut off.
    public let bufferSize: Int
    /// The most subscribers at once; ``subscribe()`` refuses more.
    public let maxSubscribers: Int

    private struct State {
        var nextID = 0
        var subscribers: [Int: AsyncStream<Element>.Continuation] = [:]
        var finished = false
    }

    private let state = Mutex(State())

    /// A feed with the given caps.
    public init(bufferSize: Int, maxSubscribers: Int) {
        self.bufferSize = max(1, bufferSize)
        self.maxSubscribers = max(0, maxSubscribers)
    }

    /// A stream of the elements published from now on, or `nil` when the feed has ``maxSubscribers`` or is
    /// finished.
    public func subscribe() -> AsyncStream<Element>? {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Element.self, bufferingPolicy: .bufferingOldest(bufferSize))
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

    /// Sends `element` to every subscriber; a subscriber whose buffer is full is cut off.
    public func publish(_ element: Element) {
        let subscribers = state.withLock { Array($0.subscribers) }
        for (id, continuation) in subscribers {
            if case .dropped = continuation.yield(element) {
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
