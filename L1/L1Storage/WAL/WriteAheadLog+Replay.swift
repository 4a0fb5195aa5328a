extension WriteAheadLog {
    /// The consensus inputs to replay for height `height` after a restart: the payloads of the
    /// ``WALRecord/message(_:)`` records of that height, in the order they were written.
    ///
    /// Exactly:
    /// - If the log holds the marker `endHeight(height - 1)`: the messages after it, up to the next marker
    ///   (`endHeight(height)`, if the height was completed) or the end of the log.
    /// - Otherwise, if the log's first marker is `endHeight(height)`, or the log holds no marker at all: the
    ///   messages from the start of the log up to that first marker (or the end). These are the records of the
    ///   lowest height in the log, which no marker precedes (a log started fresh at `height`); a log without any
    ///   marker is taken to hold a single height, whichever the caller asks for.
    /// - Otherwise: no messages (the log holds nothing for `height`: it is below the log's first height, or
    ///   beyond the height after its last marker).
    ///
    /// Compare ``lastEndHeight`` with the block store's height to tell "height not started" from "height already
    /// complete".
    public func messages(forHeight height: UInt64) throws(WALError) -> [[UInt8]] {
        let records = try readChecked().scan.records.map(\.record)
        let start: Int
        if height > 0, let marker = records.firstIndex(of: .endHeight(height - 1)) {
            start = marker + 1
        } else {
            let firstMarker = records.lazy.compactMap { record -> UInt64? in
                if case .endHeight(let marked) = record { marked } else { nil }
            }.first
            guard firstMarker == nil || firstMarker == height else { return [] }
            start = 0
        }
        var messages = [[UInt8]]()
        for record in records[start...] {
            switch record {
            case .message(let payload): messages.append(payload)
            case .endHeight: return messages
            }
        }
        return messages
    }

    /// Rewrites the log keeping only the last end-of-height marker and the records after it (the height in
    /// progress), atomically: the medium replaces its whole content in one durable step (for a file: temporary
    /// file, `fsync`, `rename`, directory `fsync`), so a crash leaves the old log or the new one.
    ///
    /// Records appended but not yet synced are written durably by the rewrite. Does nothing when the log holds no
    /// marker or already starts with its last one.
    ///
    /// - Returns: the number of bytes removed.
    @discardableResult
    public func compact() throws(WALError) -> Int {
        guard let marker = lastMarker, marker.offset > 0 else { return 0 }
        let bytes = try readChecked().bytes
        try replace(withBytesFrom: marker.offset, recordIndex: marker.index, of: bytes)
        return marker.offset
    }
}
