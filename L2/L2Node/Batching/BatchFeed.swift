import Bridge
import Logging

/// Feeds the ``Batcher`` from the ``BlockStore``: every sealed block after the last one the batcher took, in
/// order, then a tick so that an old batch closes by age.
///
/// The block store, not the seal path, is the source. The sequencer never waits on the batcher, so a slow or
/// failing sink only grows the backlog (`strata_l2_batcher_lag_blocks`). After any restart the feed resumes
/// from the batcher's progress: no sealed block is skipped and none is batched twice. The genesis (block 0)
/// is never batched: verifiers take it from the rollup's genesis.
///
/// ```swift
/// let feed = BatchFeed(blocks: sequencer.blocks, batcher: batcher, metrics: metrics, logger: logger)
/// await feed.run(pollEvery: .milliseconds(200))   // until cancelled
/// try await feed.finish()                          // batch everything sealed, close the open batch
/// ```
public struct BatchFeed: Sendable {
    /// Why a feed round failed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The block store's tip is past `number` but does not hold it.
        case missingBlock(UInt64)

        /// What was wrong.
        public var description: String {
            switch self {
            case .missingBlock(let number): "the block store has no block \(number) below its tip"
            }
        }
    }

    /// The sealed blocks.
    public let blocks: BlockStore
    /// The batcher they go to.
    public let batcher: Batcher
    let metrics: BatcherMetrics
    let logger: Logger
    /// The number of the last block whose state is committed: the batcher reads signer keys from that state,
    /// and a block is stored a moment before its state is committed.
    let committedThrough: @Sendable () -> UInt64

    /// The most blocks one round reads before it lets the batcher tick.
    public static let roundBlocks = 256

    /// A feed from `blocks` to `batcher` of the blocks up to `committedThrough()` (``Sequencer/committedTip``).
    public init(
        blocks: BlockStore, batcher: Batcher, metrics: BatcherMetrics, logger: Logger,
        committedThrough: @escaping @Sendable () -> UInt64
    ) {
        self.committedThrough = committedThrough
        self.blocks = blocks
        self.batcher = batcher
        self.metrics = metrics
        self.logger = logger
    }

    /// Gives the batcher the next stored blocks it has not taken (at most ``roundBlocks``), then ticks it. Returns how
    /// many blocks it gave.
    @discardableResult
    public func step() async throws -> Int {
        var next = await batcher.nextBlockNumber ?? 1
        let latest = blocks.latestNumber() ?? 0
        let ready = min(latest, committedThrough())
        var fed = 0
        while next <= ready && fed < Self.roundBlocks {
            guard let stored = try blocks.block(next) else { throw Failure.missingBlock(next) }
            try await batcher.add(stored.block)
            next += 1
            fed += 1
        }
        try await batcher.tick()
        await record(latest: latest)
        return fed
    }

    /// Gives the batcher every stored block and closes the open batch (a graceful shutdown).
    public func finish() async throws {
        while try await step() > 0 {}
        try await batcher.flush()
        await record(latest: blocks.latestNumber() ?? 0)
    }

    /// Steps every `interval` (at once while blocks wait) until the task is cancelled. A failing round is
    /// logged and retried, backing off to at most 30 s; the blocks stay in the store meanwhile.
    public func run(pollEvery interval: Duration) async {
        var failures = 0
        while !Task.isCancelled {
            var pause = interval
            do {
                if try await step() == Self.roundBlocks { pause = .zero }
                if failures > 0 { logger.notice("batcher recovered", metadata: ["failed_rounds": "\(failures)"]) }
                failures = 0
            } catch {
                failures += 1
                metrics.errors.increment()
                pause = min(interval * (1 << min(failures, 8)), .seconds(30))
                logger.error(
                    "batcher round failed",
                    metadata: ["error": "\(error)", "failed_rounds": "\(failures)", "retry_in": "\(pause)"])
            }
            if pause > .zero { try? await Task.sleep(for: pause) } else { await Task.yield() }
        }
    }

    private func record(latest: UInt64) async {
        let batched = await batcher.lastSubmitted?.lastBlock ?? 0
        metrics.blockNumber.record(Int64(clamping: batched))
        metrics.lagBlocks.record(Int64(clamping: latest >= batched ? latest - batched : 0))
        metrics.backlogBytes.record(Int64(clamping: await batcher.backlogBytes))
    }
}

extension BatcherMetrics {
    /// The `onSubmitted` reporter for a batcher: counts the batch and logs it.
    public func reporter(logger: Logger) -> @Sendable (Batcher.Submission) -> Void {
        { submission in
            submitted.increment()
            signatureChecks[submission.signaturesCheckedBy]?.increment()
            batchBytes.record(Int64(submission.batchBytes))
            let commitment = submission.commitment
            logger.info(
                "submitted batch",
                metadata: [
                    "batch": "\(commitment.batchIndex)", "blocks": "\(commitment.firstBlock)...\(commitment.lastBlock)",
                    "txs": "\(submission.transactions)", "bytes": "\(submission.batchBytes)",
                    "block_bytes": "\(submission.blockBytes)", "level": "\(submission.level)",
                    "reason": "\(submission.reason.rawValue)", "encode_ms": "\(Int(submission.encodeSeconds * 1000))",
                    "signatures_checked_by": "\(submission.signaturesCheckedBy.rawValue)", "hash": "\(commitment.hash)",
                ])
        }
    }
}
