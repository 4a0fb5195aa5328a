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
/// Events are outputs of execution, committed in no root and not stored, so a sealed block's events are
/// recomputed: its stored transactions re-executed on its parent's committed state (the tree keeps every
/// version), with its stored receipts as the check that the replay is the block. The work is bounded: at most
/// ``maxBlocks`` blocks and ``maxTransactions`` transactions a catch-up, and one catch-up at a time.
public struct EventReplay: Sendable {
    /// The most blocks one catch-up replays.
    public static let maxBlocks: UInt64 = 1_000
    /// The most transactions one catch-up re-executes.
    public static let maxTransactions = 100_000

    /// The blocks to replay: from the subscriber's block through the last block stored when it subscribed.
    public let blocks: ClosedRange<UInt64>
    let runtime: Runtime
    let store: BlockStore
    let tree: StateTree

    /// The events of block `number`, as the feed published them when it was sealed (engines and controllers read
    /// from the state after it).
    ///
    /// - Throws: `unavailable` when a store fails or the block does not re-execute to its stored receipts.
    public func events(of number: UInt64) throws(IngestError) -> [FeedEvent] {
        let stored: BlockStore.StoredBlock?
        do { stored = try store.block(number) } catch { throw .unavailable("the block store failed: \(error)") }
        guard let stored, number > 0 else { throw .unavailable("block \(number) is not stored") }
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
        let sealed = SealedBlock(
            header: block.header, transactionHashes: stored.receipts.map(\.transactionHash), events: closed.events)
        var reader = StateReader(closed.state)
        return FeedEvent.events(of: sealed, reading: &reader)
    }
}

extension Sequencer {
    /// The catch-up of a subscriber that asks for the events from block `from` on, given that the last block
    /// stored when it subscribed is `latest`: `nil` when there is nothing to replay (`from` is past `latest`).
    ///
    /// - Throws: `badParameter` when the catch-up would replay more than ``EventReplay/maxBlocks`` blocks or
    ///   ``EventReplay/maxTransactions`` transactions; `unavailable` when the block store fails.
    public nonisolated func eventReplay(from: UInt64, latest: UInt64?) throws(IngestError) -> EventReplay? {
        let first = max(from, 1)
        guard let latest, first <= latest else { return nil }
        let older = "read older blocks with GET /v1/blocks/{n} and the queries"
        guard latest - first < EventReplay.maxBlocks else {
            throw .badParameter(
                "from_block \(from) is more than \(EventReplay.maxBlocks) blocks behind the latest (\(latest)); \(older)"
            )
        }
        var transactions = 0
        for number in first...latest {
            do {
                transactions += Int(try blocks.header(number)?.transactionCount ?? 0)
            } catch {
                throw .unavailable("the block store failed: \(error)")
            }
            guard transactions <= EventReplay.maxTransactions else {
                throw .badParameter(
                    "from_block \(from) would replay more than \(EventReplay.maxTransactions) transactions; "
                        + "ask from a later block, and \(older)")
            }
        }
        return EventReplay(blocks: first...latest, runtime: Runtime(config: runtimeConfig), store: blocks, tree: state)
    }
}
