import Common
import L2Runtime

/// The state committed by one block with writes kept in memory on top, never committed: what re-executing the
/// next block for its events needs. Nothing is sealed, so ``root()`` is refused.
struct ScratchState: StateStore {
    var base: CommittedState
    private var writes: [Hash: [UInt8]?] = [:]

    init(_ base: CommittedState) { self.base = base }

    mutating func get(path: Hash) throws(StateError) -> [UInt8]? {
        if let write = writes[path] { return write }
        return try base.get(path: path)
    }

    mutating func set(path: Hash, _ value: [UInt8]) throws(StateError) {
        try Self.checkSize(value)
        writes[path] = .some(value)
    }

    mutating func delete(path: Hash) throws(StateError) { writes[path] = .some(nil) }

    func root() throws(StateError) -> Hash { throw .storage("a replay's scratch state has no root") }
}

/// Replaying the events of blocks already sealed, for a feed subscriber that catches up from a block
/// (`GET /v1/events?from_block=n`).
///
/// Events are outputs of execution, committed in no root. The block store keeps each block's events as it is
/// sealed, so a catch-up reads them, and only resolves each event's engine and its controller from the state
/// the block committed (the tree keeps every version). A block sealed before the store kept events (a data
/// directory of an older node) is re-executed instead: its stored transactions on its parent's committed
/// state, with its stored receipts as the check that the replay is the block. The work is bounded by
/// ``Limits``, and there is one catch-up at a time.
public struct EventReplay: Sendable {
    /// How much one catch-up may read and re-execute.
    public struct Limits: Hashable, Sendable {
        /// The most blocks one catch-up goes over.
        public var maxBlocks: UInt64 = 100_000
        /// The most stored events one catch-up reads.
        public var maxEvents = 2_000_000
        /// The most blocks without stored events one catch-up re-executes.
        public var maxReexecutedBlocks: UInt64 = 1_000
        /// The most transactions one catch-up re-executes.
        public var maxReexecutedTransactions = 100_000

        /// The defaults: 100,000 blocks and 2,000,000 stored events; 1,000 blocks and 100,000 transactions
        /// re-executed.
        public init() {}
    }

    /// The blocks to replay: from the subscriber's block through the last block stored when it subscribed.
    public let blocks: ClosedRange<UInt64>
    let runtime: Runtime
    let store: BlockStore
    let tree: StateTree

    /// The events of block `number`, as the feed published them when it was sealed (engines and controllers read
    /// from the state after it, or taken from `lookups`).
    ///
    /// - Throws: `unavailable` when a store fails or a re-executed block does not give its stored receipts.
    public func events(of number: UInt64, lookups: inout FeedEvent.Lookups) throws(IngestError) -> [FeedEvent] {
        let stored: BlockStore.StoredBlock?
        let kept: [RuntimeEvent]?
        do {
            stored = try store.block(number)
            kept = try store.events(number)
        } catch {
            throw .unavailable("the block store failed: \(error)")
        }
        guard let stored, number > 0 else { throw .unavailable("block \(number) is not stored") }
        let hashes = stored.receipts.map(\.transactionHash)
        if let kept {
            let sealed = SealedBlock(header: stored.block.header, transactionHashes: hashes, events: kept)
            var reader = StateReader(CommittedState(tree: tree, version: number))
            return FeedEvent.events(of: sealed, reading: &reader, lookups: &lookups)
        }
        let block = stored.block
        var builder = BlockBuilder(
            runtime: runtime, context: BlockContext(of: block.header),
            state: ScratchState(CommittedState(tree: tree, version: number - 1)))
        let closed: ClosedBlock<ScratchState>
        do throws(StateError) {
            for transaction in block.transactions { try builder.add(transaction, signatureChecked: true) }
            closed = try builder.close()
        } catch {
            throw .unavailable("replaying block \(number) failed: \(error)")
        }
        guard closed.receipts == stored.receipts else {
            throw .unavailable("block \(number) did not re-execute to its stored receipts")
        }
        let sealed = SealedBlock(header: block.header, transactionHashes: hashes, events: closed.events)
        var reader = StateReader(closed.state)
        return FeedEvent.events(of: sealed, reading: &reader, lookups: &lookups)
    }
}

extension Sequencer {
    /// The catch-up of a subscriber that asks for the events from block `from` on, given that the last block
    /// stored when it subscribed is `latest`: `nil` when there is nothing to replay (`from` is past `latest`).
    ///
    /// - Throws: `badParameter` when the catch-up would go over more than `limits` allow; `unavailable` when the
    ///   block store fails.
    public nonisolated func eventReplay(
        from: UInt64, latest: UInt64?, limits: EventReplay.Limits = EventReplay.Limits()
    ) throws(IngestError) -> EventReplay? {
        let first = max(from, 1)
        guard let latest, first <= latest else { return nil }
        let older = "read older blocks with GET /v1/blocks/{n} and the queries"
        guard latest - first < limits.maxBlocks else {
            throw .badParameter(
                "from_block \(from) is more than \(limits.maxBlocks) blocks behind the latest (\(latest)); \(older)")
        }
        let kept: (blocks: Int, events: Int, first: UInt64?)
        do { kept = try blocks.storedEvents(in: first...latest) } catch {
            throw .unavailable("the block store failed: \(error)")
        }
        guard kept.events <= limits.maxEvents else {
            throw .badParameter(
                "from_block \(from) would replay \(kept.events) events, more than \(limits.maxEvents); ask from a "
                    + "later block, and \(older)")
        }
        // Events are kept from some block on: the blocks before it (an older node's) are re-executed.
        let keptFrom = kept.blocks == 0 ? latest + 1 : (kept.first ?? latest + 1)
        if first < keptFrom {
            let reexecuted = first...(keptFrom - 1)
            guard UInt64(reexecuted.count) <= limits.maxReexecutedBlocks else {
                throw .badParameter(
                    "from_block \(from) would re-execute \(reexecuted.count) blocks sealed before events were kept, "
                        + "more than \(limits.maxReexecutedBlocks); ask from block \(keptFrom) or later, and \(older)")
            }
            var transactions = 0
            for number in reexecuted {
                do {
                    transactions += Int(try blocks.header(number)?.transactionCount ?? 0)
                } catch {
                    throw .unavailable("the block store failed: \(error)")
                }
                guard transactions <= limits.maxReexecutedTransactions else {
                    throw .badParameter(
                        "from_block \(from) would re-execute more than \(limits.maxReexecutedTransactions) "
                            + "transactions; ask from a later block, and \(older)")
                }
            }
        }
        return EventReplay(blocks: first...latest, runtime: Runtime(config: runtimeConfig), store: blocks, tree: state)
    }
}
