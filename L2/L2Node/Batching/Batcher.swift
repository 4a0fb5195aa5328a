import Bridge
import Common
import Foundation
import L2Runtime

/// Packs sealed L2 blocks into batches and hands them to a ``Bridge/BatchSink``, one at a time, in order.
///
/// The ``Bridge/BatchAssembler`` decides when a batch closes (size, block count, age) and its zstd level (from
/// the backlog: the closed batches waiting plus the open one). Before a batch is submitted it is written to the
/// progress file with its commitment; once the sink accepts it the progress file records it as the last batch.
/// On a restart the batcher finishes a pending submission (unless the sink already holds it) and skips every
/// block up to the last submitted one, so feeding it the block store from any earlier point never submits a
/// batch twice.
public actor Batcher {
    /// What the batcher needs to know about the rollup and its batches.
    public struct Configuration: Sendable {
        /// The rollup id written in commitments (the L2 chain id).
        public var rollupID: String
        /// When to close batches, and the level table.
        public var policy: BatchAssembler.Policy
        /// The readers' caps, which every batch must stay under.
        public var limits: BatchLimits
        /// The trained dictionary to compress with, if one is registered.
        public var dictionary: ZstdDictionary?
        /// Whether each batch's signatures are checked before it is submitted. A batch whose aggregate signature
        /// does not verify is invalid as a whole, so a batcher that skips this trusts every signature check and
        /// key lookup before it. A batch whose every transaction matches a fingerprint the sequencer recorded at
        /// ingest (``VerifiedSignatures``, given to ``Batcher/open(configuration:sink:directory:signer:verified:clock:onSubmitted:)``)
        /// is checked by those, one hash per transaction; any other has its aggregate verified (about one
        /// separate BIP-340 verification per transaction, on the batcher's low-priority thread).
        public var verifiesSignatures: Bool

        /// Creates a configuration.
        public init(
            rollupID: String, policy: BatchAssembler.Policy = .standard, limits: BatchLimits = .standard,
            dictionary: ZstdDictionary? = nil, verifiesSignatures: Bool = true
        ) {
            self.rollupID = rollupID
            self.policy = policy
            self.limits = limits
            self.dictionary = dictionary
            self.verifiesSignatures = verifiesSignatures
        }
    }

    /// Why the batcher refused a block.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Blocks must come in order: `found` came where `expected` should.
        case gap(expected: UInt64, found: UInt64)
        /// The encoded batch of blocks `first...last` does not decode to them (a block the format cannot carry,
        /// such as a chain id or payload over the readers' caps): it is not submitted.
        case notReadable(first: UInt64, last: UInt64, reason: String)
        /// The aggregate signature of blocks `first...last` does not verify (a signature or a key lookup went
        /// wrong before the batcher): the batch would be invalid, so it is not submitted.
        case badSignature(first: UInt64, last: UInt64)

        /// What was wrong.
        public var description: String {
            switch self {
            case .gap(let expected, let found): "batcher got block \(found), expected block \(expected)"
            case .notReadable(let first, let last, let reason):
                "the batch of blocks \(first)...\(last) would not be readable by verifiers: \(reason)"
            case .badSignature(let first, let last):
                "the aggregate signature of blocks \(first)...\(last) does not verify: the batch is not submitted"
            }
        }
    }

    /// What the batcher reports for each batch the sink accepted.
    public struct Submission: Sendable {
        /// The batch's commitment.
        public var commitment: BatchCommitment
        /// The bytes handed to the sink (version byte, dictionary hash, zstd frame).
        public var batchBytes: Int
        /// The blocks' canonical bytes (what the batch carries before compression).
        public var blockBytes: Int
        /// The transactions in the batch.
        public var transactions: Int
        /// The zstd level it was compressed with.
        public var level: Int
        /// Why it closed.
        public var reason: BatchAssembler.CloseReason
        /// Aggregating the signatures, encoding and compression, the readability check and the signature check,
        /// in seconds.
        public var encodeSeconds: Double
        /// How the batch's signatures were checked.
        public var signaturesCheckedBy: CheckedBy
    }

    /// How a batch's signatures were checked before it was submitted.
    public enum CheckedBy: String, CaseIterable, Hashable, Sendable {
        /// Every transaction matched a fingerprint of a signature the sequencer verified at ingest.
        case fingerprints
        /// The aggregate signature was verified.
        case aggregate
        /// Not checked (``Configuration/verifiesSignatures`` is off).
        case skipped
    }

    /// The configuration.
    public let configuration: Configuration
    private let sink: any BatchSink
    private let onSubmitted: @Sendable (Submission) -> Void
    private let directory: URL
    private let clock: @Sendable () -> UInt64
    private let signer: @Sendable (TransactionSender) throws -> AccountPublicKey?
    private let verified: VerifiedSignatures?
    private let codecs: Codecs
    private var assembler: BatchAssembler
    private var outbox: [BatchAssembler.ClosedBatch] = []
    /// Whether a drain is submitting; later drains wait for it (``drainWaiters``) and then submit what is left.
    private var draining = false
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    /// Where batches are encoded, compressed and checked: off the cooperative pool, at a lower priority.
    private let worker = WorkerThread(niceness: WorkerThread.lowPriority)
    /// The commitment of the last batch the sink accepted.
    public private(set) var lastSubmitted: BatchCommitment?
    private var lastBlockSeen: UInt64?

    /// Opens the batcher whose progress lives in `directory`: finishes a submission interrupted by a crash (or
    /// drops it if the sink already holds it) and resumes after the last submitted batch.
    ///
    /// - Parameters:
    ///   - signer: the key that signs a sender's transactions (``Sequencer/signerKey(of:)``), for the batch's
    ///     aggregate signature; it runs on the batcher's actor, at normal priority (the worker thread only
    ///     computes on what it is given, and takes no lock shared with the sequencer).
    ///   - verified: the fingerprints of the signatures the sequencer verified at ingest
    ///     (``Sequencer/verifiedSignatures``); without them, every batch's aggregate signature is verified.
    ///   - clock: milliseconds since the Unix epoch (the only clock the batcher reads: for batch age).
    ///   - onSubmitted: called after the sink accepts each batch (logs, metrics).
    public static func open(
        configuration: Configuration, sink: any BatchSink, directory: URL,
        signer: @escaping @Sendable (TransactionSender) throws -> AccountPublicKey?,
        verified: VerifiedSignatures? = nil,
        clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) },
        onSubmitted: @escaping @Sendable (Submission) -> Void = { _ in }
    ) async throws -> Batcher {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var progress = try BatcherProgress.load(from: directory, limits: configuration.limits)
        let sinkLast = try await sink.lastCommitment()
        if let pending = progress.pending {
            let accepted = sinkLast.map { $0.batchIndex >= pending.commitment.batchIndex } ?? false
            if !accepted { try await sink.submit(pending.batch, commitment: pending.commitment) }
            progress = BatcherProgress(last: pending.commitment, pending: nil)
            try progress.save(to: directory)
        }
        // The sink is the authority on what was accepted (a lost progress file must not cause a re-post).
        if let sinkLast, progress.last.map({ sinkLast.batchIndex >= $0.batchIndex }) ?? true {
            progress = BatcherProgress(last: sinkLast, pending: nil)
            try progress.save(to: directory)
        }
        return Batcher(
            configuration: configuration, sink: sink, directory: directory, signer: signer, verified: verified,
            clock: clock, last: progress.last, onSubmitted: onSubmitted)
    }

    private init(
        configuration: Configuration, sink: any BatchSink, directory: URL,
        signer: @escaping @Sendable (TransactionSender) throws -> AccountPublicKey?, verified: VerifiedSignatures?,
        clock: @escaping @Sendable () -> UInt64, last: BatchCommitment?,
        onSubmitted: @escaping @Sendable (Submission) -> Void
    ) {
        self.configuration = configuration
        self.sink = sink
        self.onSubmitted = onSubmitted
        self.directory = directory
        self.signer = signer
        self.verified = verified
        self.clock = clock
        self.codecs = Codecs(limits: configuration.limits)
        self.assembler = BatchAssembler(policy: configuration.policy)
        self.lastSubmitted = last
        self.lastBlockSeen = last?.lastBlock
    }

    /// The number of the next block the batcher wants, or `nil` before the first one.
    public var nextBlockNumber: UInt64? { lastBlockSeen.map { $0 + 1 } }

    /// Uncompressed bytes waiting: closed batches not yet accepted and the open batch.
    public var backlogBytes: Int { outbox.reduce(0) { $0 + $1.bytes } + assembler.pendingBytes }

    /// Takes the next sealed block; a block already submitted is ignored. Submits every batch it closes.
    public func add(_ block: Block) async throws {
        let number = block.header.number
        if let lastBlockSeen {
            if number <= lastBlockSeen { return }
            guard number == lastBlockSeen + 1 else { throw Failure.gap(expected: lastBlockSeen + 1, found: number) }
        }
        lastBlockSeen = number
        outbox += assembler.add(block, nowMillis: clock())
        try await drain()
    }

    /// Closes the open batch if it is old enough, and submits what is waiting.
    public func tick() async throws {
        if let due = assembler.closeIfDue(nowMillis: clock()) { outbox.append(due) }
        try await drain()
    }

    /// Closes the open batch whatever its size or age, and submits what is waiting.
    public func flush() async throws {
        if let open = assembler.flush() { outbox.append(open) }
        try await drain()
    }

    /// The fingerprints of what the aggregate of `blocks` signs with `signers` (one per transaction, in batch
    /// order), block by block (``VerifiedSignatures/fingerprint(key:digest:signature:)``).
    private static func fingerprints(of blocks: [Block], signers: [(key: AccountPublicKey, digest: Hash)]) -> [[Hash]] {
        var start = 0
        return blocks.map { block in
            // `signers` holds one entry per transaction (`BatchContents(blocks:signers:)` checked it).
            let own = signers[start..<start + block.transactions.count]
            start += block.transactions.count
            return zip(own, block.transactions).map { signer, transaction in
                VerifiedSignatures.fingerprint(key: signer.key, digest: signer.digest, signature: transaction.signature)
            }
        }
    }

    /// Decodes `batch` as a verifier would and checks it gives back `contents`: a batch that verifiers would
    /// refuse or misread is never submitted.
    private static func checkReadable(
        _ batch: EncodedBatch, _ contents: BatchContents, decoder: BatchDecoder, dictionary: ZstdDictionary?
    ) throws {
        let first = contents.blocks[0].header.number
        let last = contents.blocks[contents.blocks.count - 1].header.number
        let dictionaries = dictionary.map { [$0.hash: $0] } ?? [:]
        do {
            guard try decoder.decode(batch, dictionaries: dictionaries) == contents else {
                throw Failure.notReadable(first: first, last: last, reason: "it decodes to other blocks")
            }
        } catch let error as BatchDecodingError {
            throw Failure.notReadable(first: first, last: last, reason: error.description)
        }
    }

    /// Submits the closed batches in order. One drain at a time submits; a drain called meanwhile waits for it,
    /// then submits what is left, so that every caller returns only once its batches are submitted (or failed).
    private func drain() async throws {
        while draining {
            await withCheckedContinuation { drainWaiters.append($0) }
        }
        draining = true
        defer {
            draining = false
            let waiters = drainWaiters
            drainWaiters = []
            for waiter in waiters { waiter.resume() }
        }
        while let closed = outbox.first {
            let started = ContinuousClock.now
            let level = assembler.level(backlogBytes: backlogBytes)
            let (codecs, dictionary, blocks) = (self.codecs, configuration.dictionary, closed.blocks)
            let verifies = configuration.verifiesSignatures
            // Each sender's key is looked up once, for the aggregate and for its check, here and not on the
            // low-priority worker: the lookups take locks the sequencer's threads share (the key cache, the
            // state tree), and a low-priority thread preempted while holding one would stall them (priority
            // inversion). The worker only computes on what it is given. The cost here, on the cooperative pool:
            // one key-cache lookup per transaction (about a millisecond for a batch of 10,000), and a state read
            // for a sender the cache does not hold.
            let keys = try BatchContents.signerKeys(of: blocks, signer: signer)
            let fingerprinting = verifies && verified != nil
            let (batch, contents, signers, fingerprints) = try await worker.run {
                // Each signing digest is computed once, for the aggregate and for its check.
                let signers = try BatchContents.signers(of: blocks, keys: keys)
                let contents = try BatchContents(blocks: blocks, signers: signers)
                let batch = try codecs.encoder.encode(contents, level: level, dictionary: dictionary)
                try Self.checkReadable(batch, contents, decoder: codecs.decoder, dictionary: dictionary)
                let fingerprints = fingerprinting ? Self.fingerprints(of: blocks, signers: signers) : []
                return (batch, contents, signers, fingerprints)
            }
            // The fingerprints are looked up here, not on the worker: their lock is the sequencer's too.
            let checkedBy: CheckedBy
            if !verifies {
                checkedBy = .skipped
            } else if let verified,
                zip(blocks, fingerprints).allSatisfy({ verified.covers($1, block: $0.header.number) })
            {
                checkedBy = .fingerprints
            } else {
                guard try await worker.run({ contents.signatureVerifies(signers: signers) }) else {
                    throw Failure.badSignature(
                        first: blocks[0].header.number, last: blocks[blocks.count - 1].header.number)
                }
                checkedBy = .aggregate
            }
            let encoded = ContinuousClock.now - started
            let commitment = BatchCommitment(
                rollupID: configuration.rollupID, batchIndex: lastSubmitted.map { $0.batchIndex + 1 } ?? 0,
                parentBatchHash: lastSubmitted?.hash ?? .zero, blocks: closed.blocks, batch: batch)
            // Durable before submitted: a crash from here on finds the batch pending and completes it. The
            // progress file is written on the worker: its fsyncs must not hold a thread of the cooperative pool.
            let directory = self.directory
            let pending = BatcherProgress(last: lastSubmitted, pending: (batch, commitment))
            try await worker.run { try pending.save(to: directory) }
            try await sink.submit(batch, commitment: commitment)
            lastSubmitted = commitment
            verified?.forget(through: commitment.lastBlock)
            try await worker.run { try BatcherProgress(last: commitment, pending: nil).save(to: directory) }
            outbox.removeFirst()
            onSubmitted(
                Submission(
                    commitment: commitment, batchBytes: batch.byteCount, blockBytes: closed.bytes,
                    transactions: closed.blocks.reduce(0) { $0 + $1.transactions.count }, level: level,
                    reason: closed.reason,
                    encodeSeconds: encoded.inSeconds, signaturesCheckedBy: checkedBy))
        }
    }
}

/// The batcher's encoder and decoder, each holding a zstd context (not thread-safe), kept so that their
/// workspaces are reused from batch to batch.
///
/// Unchecked `Sendable`: they are used only in the jobs of the batcher's ``WorkerThread``, which runs one
/// job at a time.
private final class Codecs: @unchecked Sendable {
    let encoder: BatchEncoder
    let decoder: BatchDecoder

    init(limits: BatchLimits) {
        encoder = BatchEncoder(limits: limits)
        decoder = BatchDecoder(limits: limits)
    }
}
