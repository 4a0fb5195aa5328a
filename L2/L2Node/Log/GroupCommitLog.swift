import Foundation

/// The sequencer log with group commit: the sequencer appends records as it orders transactions (without
/// waiting), a dedicated writer thread writes and fsyncs everything appended since its last sync in one go, and
/// then wakes every caller waiting for a position it covers.
///
/// A position is the number of records appended up to and including a record; ``durablePosition`` is the
/// number of records known to be on disk. One fsync covers every record appended while the previous one ran,
/// so under load the cost of an fsync is shared by hundreds of transactions, and when idle a record waits for
/// one fsync only.
///
/// After a write or sync failure the log stops: waiters and later appends get
/// ``SequencerLogError/stopped(_:)``; nothing unsynced is ever reported durable.
public final class GroupCommitLog: @unchecked Sendable {
    /// What opening the log found on the medium.
    public struct Recovery: Sendable {
        /// Every whole, valid record, in order.
        public var records: [SequencerLogRecord]
        /// The length of the log after recovery.
        public var goodByteCount: Int
        /// How many bytes were cut from the end (a torn tail after a crash, or damage), not counting the zeros
        /// written ahead of the frames (``FileLogMedium``), which are cut too.
        public var bytesCut: Int
        /// Why the scan stopped early, or `nil` for a clean log.
        public var damage: SequencerLogFrame.Damage?
    }

    /// One group commit, for metrics: how many records and bytes one fsync made durable, and how long the
    /// write and fsync took.
    public struct SyncReport: Sendable {
        /// Records made durable.
        public var records: UInt64
        /// Bytes written.
        public var bytes: Int
        /// Seconds spent in write + fsync.
        public var seconds: Double
    }

    private let medium: any SequencerLogMedium
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var buffer: [UInt8] = []
    private var appended: UInt64 = 0
    private var durable: UInt64 = 0
    private var waiters: [(position: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var failure: SequencerLogError?
    private var closing = false
    private var writerDone = false
    private var byteCount: Int
    private let onSync: @Sendable (SyncReport) -> Void

    /// Opens the log on `medium`: reads it, cuts a torn or damaged tail (durably), and starts the writer
    /// thread. The records found count as positions `1...records.count`, all durable.
    public static func open(
        medium: any SequencerLogMedium, onSync: @escaping @Sendable (SyncReport) -> Void = { _ in }
    ) throws(SequencerLogError) -> (GroupCommitLog, Recovery) {
        let bytes = try medium.readAll()
        let scan = SequencerLogFrame.scan(bytes)
        if scan.goodByteCount < bytes.count {
            try medium.truncate(to: scan.goodByteCount)
        }
        let log = GroupCommitLog(
            medium: medium, recovered: UInt64(scan.records.count), byteCount: scan.goodByteCount, onSync: onSync)
        let dataEnd = bytes.lastIndex { $0 != 0 }.map { $0 + 1 } ?? 0
        let recovery = Recovery(
            records: scan.records, goodByteCount: scan.goodByteCount, bytesCut: max(0, dataEnd - scan.goodByteCount),
            damage: scan.damage)
        return (log, recovery)
    }

    private init(
        medium: any SequencerLogMedium, recovered: UInt64, byteCount: Int,
        onSync: @escaping @Sendable (SyncReport) -> Void
    ) {
        self.medium = medium
        self.appended = recovered
        self.durable = recovered
        self.byteCount = byteCount
        self.onSync = onSync
        let thread = Thread { [self] in self.writerLoop() }
        thread.name = "strata.l2.log-writer"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Appends `records` (not yet durable) and returns the position of the last one.
    @discardableResult
    public func append(_ records: [SequencerLogRecord]) throws(SequencerLogError) -> UInt64 {
        var frames = [UInt8]()
        for record in records { SequencerLogFrame.append(record, to: &frames) }
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw .stopped(failure.description) }
        guard !closing else { throw .closed }
        buffer.append(contentsOf: frames)
        appended += UInt64(records.count)
        byteCount += frames.count
        // Broadcast: a thread may be blocked in syncThrough on the same condition.
        condition.broadcast()
        return appended
    }

    /// Appends one record and returns its position.
    @discardableResult
    public func append(_ record: SequencerLogRecord) throws(SequencerLogError) -> UInt64 {
        try append([record])
    }

    /// Returns once the record at `position` is on disk; throws if the log failed before it got there.
    public func waitUntilDurable(_ position: UInt64) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if durable >= position {
                condition.unlock()
                continuation.resume()
            } else if let failure {
                condition.unlock()
                continuation.resume(throwing: SequencerLogError.stopped(failure.description))
            } else {
                waiters.append((position, continuation))
                condition.unlock()
            }
        }
    }

    /// Blocks the calling thread until the record at `position` is on disk (for the rare caller that must
    /// not go on before, like a state commit); throws if the log failed or closed first.
    public func syncThrough(_ position: UInt64) throws(SequencerLogError) {
        condition.lock()
        defer { condition.unlock() }
        while durable < position {
            if let failure { throw .stopped(failure.description) }
            if writerDone { throw .closed }
            condition.wait()
        }
    }

    /// The number of records known to be on disk.
    public var durablePosition: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return durable
    }

    /// The number of records appended.
    public var appendedPosition: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return appended
    }

    /// The log's size in bytes, appended records included.
    public var size: Int {
        condition.lock()
        defer { condition.unlock() }
        return byteCount
    }

    /// Syncs what is appended, stops the writer thread and waits for it; later appends throw.
    public func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !writerDone { condition.wait() }
        condition.unlock()
    }

    private func writerLoop() {
        condition.lock()
        while true {
            while buffer.isEmpty && !closing { condition.wait() }
            if buffer.isEmpty || failure != nil {
                if closing { break }
                // A failed log drops what is appended: none of it may be reported durable.
                buffer.removeAll()
                continue
            }
            let bytes = buffer
            buffer = []
            let target = appended
            let previous = durable
            condition.unlock()
            let started = ContinuousClock.now
            var error: SequencerLogError?
            do throws(SequencerLogError) {
                try medium.append(bytes)
                try medium.sync()
            } catch let caught {
                error = caught
            }
            let elapsed = started.duration(to: .now)
            condition.lock()
            var ready: [CheckedContinuation<Void, any Error>] = []
            var failed: [CheckedContinuation<Void, any Error>] = []
            if let error {
                failure = error
                condition.broadcast()
                failed = waiters.map(\.continuation)
                waiters.removeAll()
            } else {
                durable = target
                condition.broadcast()
                var remaining: [(position: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
                remaining.reserveCapacity(waiters.count)
                for waiter in waiters {
                    if waiter.position <= target {
                        ready.append(waiter.continuation)
                    } else {
                        remaining.append(waiter)
                    }
                }
                waiters = remaining
            }
            condition.unlock()
            for continuation in ready { continuation.resume() }
            if let error {
                for continuation in failed {
                    continuation.resume(throwing: SequencerLogError.stopped(error.description))
                }
            } else {
                onSync(SyncReport(records: target - previous, bytes: bytes.count, seconds: elapsed.inSeconds))
            }
            condition.lock()
        }
        writerDone = true
        let leftover = waiters.map(\.continuation)
        waiters.removeAll()
        condition.broadcast()
        condition.unlock()
        for continuation in leftover { continuation.resume(throwing: SequencerLogError.closed) }
    }
}
