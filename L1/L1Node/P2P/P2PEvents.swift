import Synchronization

/// The events of a ``P2PSwitch``, in order, for one consumer; the sequence ends when the switch stops.
///
/// Message events waiting to be consumed are counted: past ``P2PConfig/eventQueueLimit`` new messages are dropped
/// (and logged) until the consumer catches up, so a stalled consumer cannot make the node buffer without bound.
/// Connection events are never dropped.
public struct P2PEvents: AsyncSequence, Sendable {
    /// An event.
    public typealias Element = P2PEvent

    let stream: AsyncStream<P2PEvent>
    let pendingMessages: PendingCounter

    /// Iterates the events; make only one.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), pendingMessages: pendingMessages)
    }

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<P2PEvent>.AsyncIterator
        let pendingMessages: PendingCounter

        /// The next event, or `nil` once the switch has stopped.
        public mutating func next() async -> P2PEvent? {
            let event = await base.next()
            if case .message = event { pendingMessages.value.subtract(1, ordering: .relaxed) }
            return event
        }
    }
}

/// A count shared by the switch (which adds) and the event iterator (which subtracts).
final class PendingCounter: Sendable {
    /// The number of message events yielded and not yet consumed.
    let value = Atomic<Int>(0)
}
