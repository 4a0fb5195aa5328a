import Synchronization

/// A value behind a lock, shareable between tasks and closures (which cannot capture a `Mutex` itself).
public final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// A box holding `value`.
    public init(_ value: Value) { mutex = Mutex(value) }

    /// The value (read or replaced under the lock).
    public var value: Value {
        get { mutex.withLock { $0 } }
        set { mutex.withLock { $0 = newValue } }
    }
}
