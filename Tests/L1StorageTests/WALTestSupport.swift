import Common

@testable import L1Storage

/// Records in the shape a node writes them: messages of varied lengths for each height, then its marker.
func sampleRecords(heights: ClosedRange<UInt64>, messagesPerHeight: Int = 3) -> [WALRecord] {
    var records = [WALRecord]()
    for height in heights {
        for index in 0..<messagesPerHeight {
            let length = (Int(height) * 7 + index * 13) % 40
            records.append(.message((0..<length).map { UInt8(truncatingIfNeeded: Int(height) &* 31 &+ index &+ $0) }))
        }
        records.append(.endHeight(height))
    }
    return records
}

extension WriteAheadLog {
    /// Appends `record` through the public API.
    func append(_ record: WALRecord) throws(WALError) {
        switch record {
        case .message(let payload): try append(message: payload)
        case .endHeight(let height): try appendEndHeight(height)
        }
    }
}

/// The log bytes of `records`, framed, and the end offset of each frame.
func framed(_ records: [WALRecord]) -> (bytes: [UInt8], ends: [Int]) {
    var bytes = [UInt8]()
    var ends = [Int]()
    for record in records {
        bytes += WALFrame.encode(record)
        ends.append(bytes.count)
    }
    return (bytes, ends)
}
