import Common

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A write-ahead log in memory, for deterministic simulation of crashes and disk faults.
///
/// It remembers how many of its bytes are durable (``syncedByteCount``): ``sync()``, ``truncate(to:)`` and
/// ``replaceContents(with:)`` make the content durable, ``append(_:)`` does not. ``simulateCrash(using:)`` then
/// does to the unsynced tail what a power loss may do to a file's unsynced pages, driven by a seeded generator
/// so a failing run replays from its seed. Faults can be injected into the next append or sync.
public final class MemoryWALMedium: WALMedium {
    /// Everything appended (synced or not), as a reader of the medium would see it now.
    public private(set) var content: [UInt8]
    /// How many leading bytes of ``content`` would survive a crash.
    public private(set) var syncedByteCount: Int
    /// When set, the next ``append(_:)`` writes only the first half of its bytes, then fails with `EIO`
    /// (a short write followed by an error), and the flag clears.
    public var failNextAppend = false
    /// When set, the next ``sync()`` fails with `EIO` and leaves the unsynced bytes unsynced, and the flag clears.
    public var failNextSync = false

    /// Creates a medium holding `content`, all of it durable (an existing log found on restart).
    public init(content: [UInt8] = []) {
        self.content = content
        syncedByteCount = content.count
    }

    /// Appends `bytes` to ``content`` (not durable until ``sync()``).
    public func append(_ bytes: [UInt8]) throws(WALError) {
        if failNextAppend {
            failNextAppend = false
            content.append(contentsOf: bytes.prefix(bytes.count / 2))
            throw .io(StorageIOError(operation: "write", path: "<memory>", code: EIO))
        }
        content.append(contentsOf: bytes)
    }

    /// Marks the whole content durable.
    public func sync() throws(WALError) {
        if failNextSync {
            failNextSync = false
            throw .io(StorageIOError(operation: "fsync", path: "<memory>", code: EIO))
        }
        syncedByteCount = content.count
    }

    /// Returns ``content``.
    public func readAll() throws(WALError) -> [UInt8] {
        content
    }

    /// Cuts ``content`` to `length` bytes; the cut is durable.
    public func truncate(to length: Int) throws(WALError) {
        guard length <= content.count else { throw .truncationBeyondEnd(length: length, size: content.count) }
        content.removeLast(content.count - length)
        syncedByteCount = min(syncedByteCount, length)
    }

    /// Replaces ``content`` with `bytes`, all durable (an atomic rename of a synced file).
    public func replaceContents(with bytes: [UInt8]) throws(WALError) {
        content = bytes
        syncedByteCount = bytes.count
    }

    /// A power loss: the synced bytes stay; of the unsynced tail, either nothing survives or a random prefix
    /// of it does (a torn write), chosen by `rng`. Afterwards everything left is durable.
    ///
    /// - Returns: the number of unsynced bytes that survived.
    @discardableResult
    public func simulateCrash(using rng: inout SplitMix64) -> Int {
        let unsynced = content.count - syncedByteCount
        let kept = unsynced == 0 || rng.next() & 1 == 0 ? 0 : Int(rng.next() % UInt64(unsynced + 1))
        content.removeLast(unsynced - kept)
        syncedByteCount = content.count
        return kept
    }

    /// Flips the bits of `mask` in the byte at `offset` (a bit rot or a stray write), leaving the durable count
    /// as it was. `offset` must be inside ``content``.
    public func corruptByte(at offset: Int, xor mask: UInt8 = 0xFF) {
        precondition(content.indices.contains(offset), "offset \(offset) is outside the \(content.count)-byte log")
        content[offset] ^= mask
    }
}
