import Common
import L2Runtime
import Synchronization

/// The public keys of accounts by index, as the sequencer has seen them in state, shared with the ingest
/// tasks so they can check signatures of index-named senders in parallel, before the sequential executor.
/// An account's key never changes once set, so an entry never goes stale. Bounded: past ``capacity`` it
/// stops learning (those senders' signatures are then checked by the runtime).
public final class SenderKeyCache: Sendable {
    /// The most keys kept.
    public let capacity: Int
    private let keys = Mutex<[UInt64: AccountPublicKey]>([:])

    /// An empty cache of at most `capacity` keys.
    public init(capacity: Int = 1_000_000) {
        self.capacity = capacity
    }

    /// The key of the account with `index`, if known.
    public func key(of index: AccountIndex) -> AccountPublicKey? {
        keys.withLock { $0[index.value] }
    }

    /// Records that the account with `index` has `key`.
    public func learn(_ key: AccountPublicKey, index: AccountIndex) {
        keys.withLock { keys in
            if keys.count < capacity || keys[index.value] != nil { keys[index.value] = key }
        }
    }

    /// The number of keys known.
    public var count: Int { keys.withLock { $0.count } }
}
