/// The consensus write-ahead log (as CometBFT's consensus WAL): every consensus input is appended before the
/// engine processes it, and an end-of-height marker is appended when a height's block is committed, so a node
/// that crashes replays the inputs of the height it was working on and reaches the same state.
///
/// Records are CRC-framed (see ``WALRecord`` and ``WALCorruption``) and bounded by ``maxRecordSize``.
/// ``open(medium:maxRecordSize:)`` validates the whole log and cuts a torn or corrupt tail. ``compact()`` drops
/// the heights before the last marker; a node that compacts after each completed height (or every few) keeps the
/// log to about one height's inputs.
///
/// Durability is explicit: ``append(message:)`` and ``appendEndHeight(_:)`` hand the bytes to the medium, and
/// ``sync()`` makes them durable. A node syncs before it acts on an input whose loss it could not survive (its
/// own proposal or vote, before signing it; an end-of-height marker).
///
/// After a failed append that could not be undone, a failed sync or a failed compaction, the log refuses work
/// (``WALError/unusable(reason:)``): the medium's state is unknown, and opening it again recovers it.
/// Not thread-safe: one owner drives it.
public final class WriteAheadLog {
    /// The default limit on a record's payload: 8 MiB.
    public static let defaultMaxRecordSize = 8 << 20

    /// Where the bytes are kept.
    public let medium: any WALMedium
    /// The largest payload accepted on write and on read, in bytes.
    public let maxRecordSize: Int
    /// What opening the medium found and cut.
    public let recovery: WALRecovery
    /// The number of records in the log.
    public private(set) var recordCount: Int
    /// The length of the log in bytes (the end of its last record).
    public private(set) var byteCount: Int
    /// The height of the last end-of-height marker, or `nil` if the log holds none.
    public private(set) var lastEndHeight: UInt64?
    /// Where the last end-of-height marker's frame starts, and the number of records before it.
    private(set) var lastMarker: (offset: Int, index: Int)?
    /// Why the log refuses work, once a write, sync or compaction has failed.
    private(set) var failure: String?

    private init(medium: any WALMedium, maxRecordSize: Int, recovery: WALRecovery, scan: WALFrame.Scan) {
        self.medium = medium
        self.maxRecordSize = maxRecordSize
        self.recovery = recovery
        recordCount = scan.records.count
        byteCount = scan.goodByteCount
        for (index, located) in scan.records.enumerated().reversed() {
            if case .endHeight(let height) = located.record {
                lastEndHeight = height
                lastMarker = (located.offset, index)
                break
            }
        }
    }

    /// Opens the log kept in `medium`: reads it all, checks every frame, and truncates the medium at the first
    /// frame that does not check out (torn or corrupt tail), reporting what it kept and cut in ``recovery``.
    ///
    /// - Parameter maxRecordSize: the payload limit, at least 8 and at most `UInt32.max`. A record above it is
    ///   treated as corruption when read, so never lower the limit below a record already written.
    /// - Throws: ``WALError/invalidRecordLimit(_:)``, or the medium's error when it cannot be read or truncated.
    public static func open(
        medium: any WALMedium, maxRecordSize: Int = defaultMaxRecordSize
    ) throws(WALError) -> WriteAheadLog {
        guard maxRecordSize >= 8, maxRecordSize <= Int(UInt32.max) else { throw .invalidRecordLimit(maxRecordSize) }
        let bytes = try medium.readAll()
        let scan = WALFrame.scan(bytes, maxRecordSize: maxRecordSize)
        let cut = bytes.count - scan.goodByteCount
        if cut > 0 { try medium.truncate(to: scan.goodByteCount) }
        let recovery = WALRecovery(
            goodRecordCount: scan.records.count, goodByteCount: scan.goodByteCount, bytesCut: cut,
            reason: scan.corruption)
        return WriteAheadLog(medium: medium, maxRecordSize: maxRecordSize, recovery: recovery, scan: scan)
    }

    /// Appends a consensus input (its encoded bytes). Not durable until ``sync()``.
    ///
    /// - Throws: ``WALError/recordTooLarge(size:limit:)`` (nothing written), or the medium's error.
    public func append(message: [UInt8]) throws(WALError) {
        guard message.count <= maxRecordSize else {
            throw .recordTooLarge(size: message.count, limit: maxRecordSize)
        }
        try write(.message(message))
    }

    /// Appends the marker that height `height` is complete. Not durable until ``sync()``.
    ///
    /// - Throws: ``WALError/endHeightNotIncreasing(height:last:)`` if `height` is not above ``lastEndHeight``
    ///   (nothing written), or the medium's error.
    public func appendEndHeight(_ height: UInt64) throws(WALError) {
        if let lastEndHeight, height <= lastEndHeight {
            throw .endHeightNotIncreasing(height: height, last: lastEndHeight)
        }
        let offset = byteCount
        try write(.endHeight(height))
        lastEndHeight = height
        lastMarker = (offset, recordCount - 1)
    }

    /// Makes every record appended so far durable. A failure makes the log unusable (after a failed `fsync` the
    /// kernel may have dropped the unsynced pages: nothing about them can be assumed).
    public func sync() throws(WALError) {
        try checkUsable()
        do throws(WALError) {
            try medium.sync()
        } catch {
            failure = "sync failed: \(error)"
            throw error
        }
    }

    /// Every record in the log, in order (for replay tools and tests).
    public func records() throws(WALError) -> [WALRecord] {
        try readChecked().scan.records.map(\.record)
    }

    /// Appends one frame, undoing a partial write if the medium fails part way.
    private func write(_ record: WALRecord) throws(WALError) {
        try checkUsable()
        let frame = WALFrame.encode(record)
        do throws(WALError) {
            try medium.append(frame)
        } catch {
            do throws(WALError) {
                try medium.truncate(to: byteCount)
            } catch let truncation {
                failure = "append failed (\(error)) and its partial frame could not be cut (\(truncation))"
            }
            throw error
        }
        byteCount += frame.count
        recordCount += 1
    }

    private func checkUsable() throws(WALError) {
        if let failure { throw .unusable(reason: failure) }
    }

    /// Reads the medium again and checks it still holds exactly the log's records: returns its bytes (cut to
    /// ``byteCount``, dropping anything a failed append left) and their scan.
    func readChecked() throws(WALError) -> (bytes: [UInt8], scan: WALFrame.Scan) {
        try checkUsable()
        var bytes = try medium.readAll()
        guard bytes.count >= byteCount else { throw .mediumShrank(expected: byteCount, actual: bytes.count) }
        bytes.removeLast(bytes.count - byteCount)
        let scan = WALFrame.scan(bytes, maxRecordSize: maxRecordSize)
        if let corruption = scan.corruption { throw .corrupted(corruption) }
        return (bytes, scan)
    }

    /// Replaces the medium's content with the records from `offset` on, the first of them being record `index`
    /// (the last marker), and updates the bookkeeping. A failure makes the log unusable.
    func replace(withBytesFrom offset: Int, recordIndex index: Int, of bytes: [UInt8]) throws(WALError) {
        do throws(WALError) {
            try medium.replaceContents(with: Array(bytes[offset...]))
        } catch {
            failure = "compaction failed: \(error)"
            throw error
        }
        byteCount -= offset
        recordCount -= index
        lastMarker = (0, 0)
    }
}
