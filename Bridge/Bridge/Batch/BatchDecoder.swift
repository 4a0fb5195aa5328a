import Common
import L2Runtime

/// Restores the exact contents of a batch: parses the envelope, decompresses the frame under the column cap,
/// decodes the columns and rebuilds every transaction body and header byte for byte, and the aggregate
/// signature. It does not verify the signature: that needs every sender's key, which a verifier reads from state
/// (``BatchContents/signatureVerifies(signer:)``).
///
/// The batch comes from outside, so nothing in it is trusted: every count and length is checked against a cap
/// before anything is allocated, input that the encoder would not have written (a non-minimal varint, a table
/// out of first-appearance order, a raw payload that should have been split, bytes after a column) is refused,
/// and every failure is a ``BatchDecodingError``, never a trap. Holds a zstd context, so it is not `Sendable`.
public struct BatchDecoder {
    /// The caps applied.
    public let limits: BatchLimits
    private let decompressor = ZstdDecompressor()

    /// A decoder applying `limits`.
    public init(limits: BatchLimits = .standard) {
        self.limits = limits
    }

    /// Decodes batch `data`, looking its dictionary (if it names one) up by hash in `dictionaries`.
    public func decode(_ data: [UInt8], dictionaries: [Hash: ZstdDictionary] = [:]) throws(BatchDecodingError)
        -> BatchContents
    {
        let batch = try EncodedBatch(data: data, limits: limits)
        return try decode(batch, dictionaries: dictionaries)
    }

    /// Decodes a parsed batch, as ``decode(_:dictionaries:)`` does.
    public func decode(_ batch: EncodedBatch, dictionaries: [Hash: ZstdDictionary] = [:]) throws(BatchDecodingError)
        -> BatchContents
    {
        try contents(fromColumns: columnSection(batch, dictionaries: dictionaries))
    }

    /// The uncompressed column section of a parsed batch (at most ``BatchLimits/maxColumnBytes``), undecoded:
    /// what a dictionary is trained on.
    public func columnSection(
        _ batch: EncodedBatch, dictionaries: [Hash: ZstdDictionary] = [:]
    ) throws(BatchDecodingError) -> [UInt8] {
        var dictionary: ZstdDictionary?
        if let name = batch.dictionaryHash {
            guard let known = dictionaries[name] else { throw .unknownDictionary(name) }
            dictionary = known
        }
        let frame = Array(batch.frame)
        if dictionary != nil {
            let header: ZstdFrameHeader
            do {
                header = try ZstdFrameHeader(parsing: frame)
            } catch {
                throw .compression(error)
            }
            guard header.dictionaryID != 0 else {
                throw .envelope(
                    .invalidValue(
                        what: "dictionary", offset: 1, reason: "the batch names a dictionary its frame does not use"))
            }
        }
        do {
            return try decompressor.decompress(frame, maxOutputBytes: limits.maxColumnBytes, dictionary: dictionary)
        } catch {
            throw .compression(error)
        }
    }

    /// Decodes an uncompressed column section (at most ``BatchLimits/maxColumnBytes``) into its contents.
    public func contents(fromColumns bytes: [UInt8]) throws(BatchDecodingError) -> BatchContents {
        guard bytes.count <= limits.maxColumnBytes else {
            throw .compression(.outputOverCap(cap: limits.maxColumnBytes, declaredSize: UInt64(bytes.count)))
        }
        var section = ColumnSectionReader(bytes)
        let limits = self.limits

        let (firstNumber, blockCount, firstParent) = try section.column("blocks") {
            reader throws(CodecError) -> (UInt64, Int, Hash) in
            let first = try reader.readVarint(UInt64.self, "first block number")
            let offset = reader.offset
            let count = try reader.readLength(cap: limits.maxBlocks, "block count")
            guard count > 0 else {
                throw .invalidValue(what: "block count", offset: offset, reason: "a batch has blocks")
            }
            guard UInt64(count - 1) <= UInt64.max - first else {
                throw .invalidValue(what: "block count", offset: offset, reason: "block numbers would pass 2^64 - 1")
            }
            return (first, count, try reader.readHash("parent hash"))
        }
        let timestamps = try section.column("timestamps") { reader throws(CodecError) -> [UInt64] in
            var previous = try reader.readVarint(UInt64.self, "timestamp")
            var times = [previous]
            times.reserveCapacity(blockCount)
            for _ in 1..<blockCount {
                previous = ZigZag.decode(try reader.readVarint(UInt64.self, "timestamp delta"), from: previous)
                times.append(previous)
            }
            return times
        }
        let counts = try section.column("transaction counts") { reader throws(CodecError) -> [Int] in
            var counts = [Int]()
            counts.reserveCapacity(blockCount)
            var total = 0
            for _ in 0..<blockCount {
                let offset = reader.offset
                let count = try reader.readLength(cap: Block.maxTransactions, "transaction count")
                total += count
                guard total <= limits.maxTransactions else {
                    throw .lengthOverCap(
                        what: "transactions in the batch", offset: offset, length: UInt64(total),
                        cap: limits.maxTransactions)
                }
                counts.append(count)
            }
            return counts
        }
        let total = counts.reduce(0, +)
        let receiptsRoots = try section.column("receipts roots") { reader throws(CodecError) in
            try (0..<blockCount).map { _ throws(CodecError) in try reader.readHash("receipts root") }
        }
        let stateRoots = try section.column("state roots") { reader throws(CodecError) in
            try (0..<blockCount).map { _ throws(CodecError) in try reader.readHash("state root") }
        }

        let chainTable = try section.column("chain ids") { reader throws(CodecError) -> [String] in
            let offset = reader.offset
            let count = try reader.readLength(cap: total, "chain id count")
            guard (count == 0) == (total == 0) else {
                throw .invalidValue(what: "chain id count", offset: offset, reason: "transactions need a chain id")
            }
            var table = [String]()
            for _ in 0..<count {
                let at = reader.offset
                let chain = try reader.readString(cap: BatchFormat.maxChainIDBytes, "chain id")
                guard !table.contains(chain) else {
                    throw .invalidValue(what: "chain id", offset: at, reason: "\"\(chain)\" is already in the table")
                }
                table.append(chain)
            }
            return table
        }
        let chainPositions = try section.column("chain id positions") { reader throws(CodecError) -> [Int] in
            guard chainTable.count > 1 else { return [Int](repeating: 0, count: total) }
            return try FirstAppearanceTable<String>.readPositions(
                count: total, tableCount: chainTable.count, from: &reader, "chain id position")
        }

        let senderTable = try section.column("account table") { reader throws(CodecError) -> [TransactionSender] in
            let count = try reader.readLength(cap: total, "account table count")
            var table = [TransactionSender]()
            table.reserveCapacity(min(count, reader.remaining))
            var seen = Set<TransactionSender>()
            for _ in 0..<count {
                let at = reader.offset
                let sender = try reader.read(TransactionSender.self)
                guard seen.insert(sender).inserted else {
                    throw .invalidValue(what: "account table", offset: at, reason: "sender \(sender) is listed twice")
                }
                table.append(sender)
            }
            return table
        }
        let senderPositions = try section.column("senders") { reader throws(CodecError) in
            try FirstAppearanceTable<TransactionSender>.readPositions(
                count: total, tableCount: senderTable.count, from: &reader, "sender position")
        }
        let nonces = try section.column("nonces") { reader throws(CodecError) -> [UInt64] in
            var last = [UInt64?](repeating: nil, count: senderTable.count)
            var nonces = [UInt64]()
            nonces.reserveCapacity(min(total, reader.remaining))
            for position in senderPositions {
                let code = try reader.readVarint(UInt64.self, "nonce")
                let nonce = last[position].map { ZigZag.decode(code, from: $0 &+ 1) } ?? code
                last[position] = nonce
                nonces.append(nonce)
            }
            return nonces
        }
        let fees = try section.column("fees") { reader throws(CodecError) -> [Amount] in
            var fees = [Amount]()
            fees.reserveCapacity(min(total, reader.remaining))
            for _ in 0..<total { fees.append(try reader.read(Amount.self)) }
            return fees
        }
        let kinds = try section.column("kinds") { reader throws(CodecError) -> [TransactionKind] in
            var kinds = [TransactionKind]()
            kinds.reserveCapacity(min(total, reader.remaining))
            for _ in 0..<total {
                let offset = reader.offset
                let raw = try reader.readUInt8("kind")
                guard let kind = TransactionKind(rawValue: raw) else {
                    throw .unknownTag(what: "transaction kind", offset: offset, tag: UInt64(raw))
                }
                kinds.append(kind)
            }
            return kinds
        }

        var tables = [[Hash]]()
        for role in IDRole.allCases {
            tables.append(
                try section.column(role.columnName) { reader throws(CodecError) in
                    try IDTableReader.readTable(from: &reader, role)
                })
        }
        var ids = IDTableReader(tables: tables)
        var blockTimes = [UInt64]()
        blockTimes.reserveCapacity(total)
        for (count, time) in zip(counts, timestamps) { blockTimes += repeatElement(time, count: count) }
        var payloads = [[UInt8]](repeating: [], count: kinds.count)
        /// The body of transaction `index`, once its payload is restored.
        func body(_ index: Int) -> Transaction {
            Transaction(
                chainID: chainTable[chainPositions[index]], sender: senderTable[senderPositions[index]],
                nonce: nonces[index], fee: fees[index], kind: kinds[index], payload: payloads[index])
        }
        for kind in TransactionKind.allCases {
            if kind == .reportExecution {
                // The first kind that names executions; the requests' payloads (kind 13) are restored, so the
                // ids they create can head `ids.executions`.
                let requests = kinds.indices.lazy.filter { kinds[$0] == .requestExecution }.map(body)
                try ids.derive(BatchFormat.derivedExecutionIDs(requests), as: .execution)
            }
            let positions = kinds.indices.filter { kinds[$0] == kind }
            guard !positions.isEmpty else { continue }
            let restored = try Self.payloads(
                blockTimes: positions.map { blockTimes[$0] }, of: kind, ids: &ids, from: &section)
            for (position, payload) in zip(positions, restored) { payloads[position] = payload }
        }
        try ids.expectAllUsed()

        let signature = try section.column("aggregate signature") {
            reader throws(CodecError) -> HalfAggregateSignature in
            guard reader.remaining == 32 * total + 32 else {
                throw .invalidValue(
                    what: "aggregate signature", offset: 0,
                    reason: "\(reader.remaining) bytes for \(total) transactions: expected 32 per transaction and 32")
            }
            let bytes = try reader.readRaw(count: reader.remaining, "aggregate signature")
            // The length is checked above, and `total` is under the limits' transaction cap, which no half-aggregate
            // exceeds (BatchLimits).
            do throws(CryptoKeyError) {
                return try HalfAggregateSignature(bytes: bytes)
            } catch {
                throw .invalidValue(what: "aggregate signature", offset: 0, reason: error.description)
            }
        }
        try section.expectEnd()

        var transactions = [Transaction]()
        transactions.reserveCapacity(total)
        for index in 0..<total { transactions.append(body(index)) }

        var blocks = [BatchBlock]()
        blocks.reserveCapacity(blockCount)
        var start = 0
        var parent = firstParent
        for index in 0..<blockCount {
            let body = Array(transactions[start..<start + counts[index]])
            start += counts[index]
            let header = BlockHeader(
                number: firstNumber + UInt64(index), parentHash: parent, timestampMillis: timestamps[index],
                transactionCount: UInt32(body.count), txsRoot: Block.txsRoot(bodies: body),
                receiptsRoot: receiptsRoots[index], stateRoot: stateRoots[index])
            parent = header.hash
            blocks.append(BatchBlock(header: header, transactions: body))
        }
        return BatchContents(blocks: blocks, signature: signature)
    }

    /// The payloads of `kind`, in batch order (one per entry of `blockTimes`, its block's time), from the kind's
    /// columns and the id tables.
    private static func payloads(
        blockTimes: [UInt64], of kind: TransactionKind, ids: inout IDTableReader,
        from section: inout ColumnSectionReader
    ) throws(BatchDecodingError) -> [[UInt8]] {
        let count = blockTimes.count
        let strategy = PayloadLayout.columns(for: kind)
        let rawName = PayloadLayout.rawColumnName(for: kind)
        let exceptions = try section.column(rawName) { reader throws(CodecError) -> [Int: [UInt8]] in
            let exceptionCount = try reader.readLength(cap: count, "raw payload count")
            var exceptions = [Int: [UInt8]]()
            var next = 0
            for _ in 0..<exceptionCount {
                let offset = reader.offset
                let gap = try reader.readLength(cap: count, "raw payload gap")
                let position = next + gap
                guard position < count else {
                    throw .invalidValue(
                        what: "raw payload gap", offset: offset,
                        reason: "position \(position) is past the kind's \(count) payloads")
                }
                let payloadOffset = reader.offset
                let payload = try reader.readBytes(cap: TransactionLimits.maxPayloadBytes, "raw payload")
                var scratch = strategy.fieldNames.map { _ in ByteWriter() }
                var scratchIDs = IDTableWriter()
                guard !strategy.split(payload, blockTime: 0, into: &scratch, ids: &scratchIDs) else {
                    throw .invalidValue(
                        what: "raw payload", offset: payloadOffset,
                        reason: "the payload splits into field columns, so it must not be carried raw")
                }
                exceptions[position] = payload
                next = position + 1
            }
            return exceptions
        }
        var fields = FieldReaders(names: strategy.fieldNames, readers: [], ids: ids)
        for name in strategy.fieldNames {
            let content = try section.column(name) { reader throws(CodecError) in
                try reader.readRaw(count: reader.remaining, name)
            }
            fields.readers.append(ByteReader(content))
        }
        var payloads = [[UInt8]]()
        payloads.reserveCapacity(count)
        for position in 0..<count {
            if let raw = exceptions[position] {
                payloads.append(raw)
            } else {
                payloads.append(try strategy.join(&fields, blockTime: blockTimes[position]))
            }
        }
        try fields.expectEnd()
        ids = fields.ids
        return payloads
    }
}
