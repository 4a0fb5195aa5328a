import Common
import L2Runtime

/// Decides when the batcher closes a batch and how hard it compresses it: a pure value; the caller gives it
/// the time.
///
/// Blocks come in sealed and in order. A batch closes when its blocks reach ``Policy/targetBytes`` (measured
/// as the blocks' canonical bytes, what the batch carries before compression), ``Policy/maxBlocks`` or
/// ``Policy/maxTransactions``; when the next block would take it past ``Policy/maxBytes`` or
/// ``Policy/maxTransactions`` (that block then opens the next batch); or when its first block has waited
/// ``Policy/maxAgeMillis``. The zstd level comes from the backlog through
/// ``Common/AdaptiveZstdLevel``.
public struct BatchAssembler: Sendable {
    /// When to close a batch and which levels to use.
    public struct Policy: Equatable, Sendable {
        /// Close once the open batch holds this many bytes.
        public var targetBytes: Int
        /// Never let the open batch pass this many bytes: close it before a block that would.
        public var maxBytes: Int
        /// Close once the open batch holds this many blocks.
        public var maxBlocks: Int
        /// Never let the open batch hold more transactions than this (one half-aggregate signature covers them
        /// all: at most ``Common/HalfAggregateSignature/maxCount``); close once it holds this many.
        public var maxTransactions: Int
        /// Close once the open batch's first block has waited this long.
        public var maxAgeMillis: UInt64
        /// The zstd level for a backlog.
        public var levels: AdaptiveZstdLevel

        /// Creates a policy; `targetBytes` must be positive and at most `maxBytes`, `maxBlocks` positive,
        /// `maxTransactions` positive and at most ``Common/HalfAggregateSignature/maxCount``.
        public init(
            targetBytes: Int, maxBytes: Int, maxBlocks: Int, maxTransactions: Int = HalfAggregateSignature.maxCount,
            maxAgeMillis: UInt64, levels: AdaptiveZstdLevel = .standard
        ) {
            precondition(
                targetBytes > 0 && targetBytes <= maxBytes && maxBlocks > 0 && maxTransactions > 0
                    && maxTransactions <= HalfAggregateSignature.maxCount,
                "a usable batch policy")
            self.targetBytes = targetBytes
            self.maxBytes = maxBytes
            self.maxBlocks = maxBlocks
            self.maxTransactions = maxTransactions
            self.maxAgeMillis = maxAgeMillis
            self.levels = levels
        }

        /// Strata's default: close at 1 MiB, never above 8 MiB (half the readers' column cap), at 10,000 blocks,
        /// at 65,535 transactions, or after 60 s; the standard level table.
        public static let standard = Policy(
            targetBytes: 1 << 20, maxBytes: 8 << 20, maxBlocks: 10_000, maxAgeMillis: 60_000)
    }

    /// Why a batch closed.
    public enum CloseReason: String, Hashable, Sendable {
        /// It reached the target size, or the next block would not fit.
        case size
        /// It reached the block cap.
        case blockCount
        /// It reached the transaction cap, or the next block would pass it.
        case transactionCount
        /// Its first block waited long enough.
        case age
        /// The caller asked (shutdown, tests).
        case flush
    }

    /// A closed batch: its blocks, their bytes and why it closed.
    public struct ClosedBatch: Hashable, Sendable {
        /// The blocks, in order.
        public var blocks: [Block]
        /// Their canonical bytes.
        public var bytes: Int
        /// Why the batch closed.
        public var reason: CloseReason
    }

    /// The policy.
    public let policy: Policy
    /// The open batch's blocks.
    public private(set) var pending: [Block] = []
    /// Their canonical bytes.
    public private(set) var pendingBytes = 0
    /// Their transactions.
    public private(set) var pendingTransactions = 0
    /// When the open batch's first block came, or `nil` when it is empty.
    public private(set) var openedAtMillis: UInt64?

    /// An assembler with an empty open batch.
    public init(policy: Policy = .standard) {
        self.policy = policy
    }

    /// Adds a sealed block that came at `nowMillis`; returns the batches it closes, oldest first (none, the
    /// open batch, or also a batch of this block alone when it fills one by itself).
    public mutating func add(_ block: Block, nowMillis: UInt64) -> [ClosedBatch] {
        let size = block.canonicalBytes.count
        var closed: [ClosedBatch] = []
        let transactions = block.transactions.count
        if !pending.isEmpty, pendingBytes + size > policy.maxBytes {
            closed.append(take(.size))
        } else if !pending.isEmpty, pendingTransactions + transactions > policy.maxTransactions {
            closed.append(take(.transactionCount))
        }
        if pending.isEmpty { openedAtMillis = nowMillis }
        pending.append(block)
        pendingBytes += size
        pendingTransactions += transactions
        if pendingBytes >= policy.targetBytes {
            closed.append(take(.size))
        } else if pending.count >= policy.maxBlocks {
            closed.append(take(.blockCount))
        } else if pendingTransactions >= policy.maxTransactions {
            closed.append(take(.transactionCount))
        }
        return closed
    }

    /// The open batch, if its first block has waited ``Policy/maxAgeMillis`` by `nowMillis`.
    public mutating func closeIfDue(nowMillis: UInt64) -> ClosedBatch? {
        guard let opened = openedAtMillis, nowMillis >= opened, nowMillis - opened >= policy.maxAgeMillis else {
            return nil
        }
        return take(.age)
    }

    /// The open batch, whatever its size or age, unless it is empty.
    public mutating func flush() -> ClosedBatch? {
        pending.isEmpty ? nil : take(.flush)
    }

    /// The zstd level for a batch compressed with `backlogBytes` uncompressed bytes waiting (itself included).
    public func level(backlogBytes: Int) -> Int {
        policy.levels.level(forBacklogBytes: backlogBytes)
    }

    private mutating func take(_ reason: CloseReason) -> ClosedBatch {
        let batch = ClosedBatch(blocks: pending, bytes: pendingBytes, reason: reason)
        pending = []
        pendingBytes = 0
        pendingTransactions = 0
        openedAtMillis = nil
        return batch
    }
}
