import Common
import L2Runtime

/// Packs a chain segment of sealed blocks into a batch: the column section (docs/l2-batches.md), compressed
/// into one zstd frame behind the version byte and the dictionary's name.
///
/// The output is a function of the contents (blocks and aggregate signature), the level and the dictionary:
/// re-encoding decoded contents gives the same bytes. Holds a zstd context, so it is not `Sendable`: keep one per task that encodes.
public struct BatchEncoder {
    /// The caps the batch must stay under (the readers' caps).
    public let limits: BatchLimits
    private let compressor = ZstdCompressor()

    /// An encoder for batches under `limits`.
    public init(limits: BatchLimits = .standard) {
        self.limits = limits
    }

    /// Encodes `contents` (blocks consecutive, each naming the previous as parent, headers matching their
    /// bodies; one aggregated signature per transaction) and compresses them at `level`, with `dictionary` if
    /// given.
    public func encode(
        _ contents: BatchContents, level: Int = Zstd.defaultLevel, dictionary: ZstdDictionary? = nil
    ) throws(BatchEncodingError) -> EncodedBatch {
        let columns = try columnSection(contents)
        let frame: [UInt8]
        do {
            frame = try compressor.compress(columns, level: level, dictionary: dictionary)
        } catch {
            throw .compression(error)
        }
        var writer = ByteWriter(capacity: frame.count + 34)
        writer.write(BatchFormat.version)
        writer.writeOptional(dictionary?.hash)
        writer.writeRaw(frame)
        guard writer.bytes.count <= limits.maxDataBytes else {
            throw .dataOverCap(bytes: writer.bytes.count, cap: limits.maxDataBytes)
        }
        do {
            return try EncodedBatch(data: writer.bytes, limits: limits)
        } catch {
            preconditionFailure("the encoder wrote an envelope it cannot parse: \(error)")
        }
    }

    /// The uncompressed column section of `contents`: what the zstd frame holds.
    public func columnSection(_ contents: BatchContents) throws(BatchEncodingError) -> [UInt8] {
        let blocks = contents.blocks
        try check(blocks)
        let transactions = contents.transactions
        guard contents.signature.count == transactions.count else {
            throw .signatureCount(expected: transactions.count, found: contents.signature.count)
        }
        var section = ColumnSectionWriter()

        // Headers: what a reader cannot recompute from the transactions.
        var column = ByteWriter()
        column.writeVarint(blocks[0].header.number)
        column.writeLength(blocks.count)
        column.write(blocks[0].header.parentHash)
        section.append(column)

        column = ByteWriter()
        var previousTime = blocks[0].header.timestampMillis
        column.writeVarint(previousTime)
        for block in blocks.dropFirst() {
            column.writeVarint(ZigZag.encode(block.header.timestampMillis, from: previousTime))
            previousTime = block.header.timestampMillis
        }
        section.append(column)

        column = ByteWriter()
        for block in blocks { column.writeVarint(block.header.transactionCount) }
        section.append(column)

        column = ByteWriter(capacity: 32 * blocks.count)
        for block in blocks { column.write(block.header.receiptsRoot) }
        section.append(column)

        column = ByteWriter(capacity: 32 * blocks.count)
        for block in blocks { column.write(block.header.stateRoot) }
        section.append(column)

        // Chain ids: a table, and a position per transaction only when there are several.
        var chains = FirstAppearanceTable<String>()
        let chainPositions = transactions.map { chains.position(of: $0.chainID) }
        column = ByteWriter()
        column.writeLength(chains.entries.count)
        for chain in chains.entries { column.writeString(chain) }
        section.append(column)
        column = ByteWriter()
        if chains.entries.count > 1 {
            for position in chainPositions { column.writeLength(position) }
        }
        section.append(column)

        // Senders: the account table in first-appearance order, then a position per transaction.
        var senders = FirstAppearanceTable<TransactionSender>()
        let senderPositions = transactions.map { senders.position(of: $0.sender) }
        column = ByteWriter()
        column.writeList(senders.entries)
        section.append(column)
        column = ByteWriter(capacity: transactions.count * 2)
        for position in senderPositions { column.writeLength(position) }
        section.append(column)

        // Nonces: against the same sender's previous nonce plus one (0 when it is the expected one).
        var lastNonce = [UInt64?](repeating: nil, count: senders.entries.count)
        column = ByteWriter(capacity: transactions.count)
        for (transaction, position) in zip(transactions, senderPositions) {
            let nonce = transaction.nonce
            if let previous = lastNonce[position] {
                column.writeVarint(ZigZag.encode(nonce, from: previous &+ 1))
            } else {
                column.writeVarint(nonce)
            }
            lastNonce[position] = nonce
        }
        section.append(column)

        column = ByteWriter(capacity: transactions.count * 2)
        for transaction in transactions { column.write(transaction.fee) }
        section.append(column)

        column = ByteWriter(capacity: transactions.count)
        for transaction in transactions { column.write(transaction.kind.rawValue) }
        section.append(column)

        // Payloads, grouped by kind in kind order; only the kinds present have columns. Their ids go to the
        // id tables, which precede them.
        let blockTimes = blocks.flatMap { block in
            repeatElement(block.header.timestampMillis, count: block.transactions.count)
        }
        var ids = IDTableWriter()
        ids.derive(BatchFormat.derivedExecutionIDs(transactions), as: .execution)
        var payloadSection = ColumnSectionWriter()
        for kind in TransactionKind.allCases {
            let payloads = transactions.indices.filter { transactions[$0].kind == kind }.map {
                (payload: transactions[$0].payload, blockTime: blockTimes[$0])
            }
            guard !payloads.isEmpty else { continue }
            appendPayloads(payloads, of: kind, ids: &ids, to: &payloadSection)
        }
        for role in IDRole.allCases { section.append(ids.column(role)) }
        section.append(section: payloadSection)

        // Last, the half-aggregate signature: `r` of each transaction's signature, then `s`.
        column = ByteWriter(capacity: contents.signature.bytes.count)
        column.writeRaw(contents.signature.bytes)
        section.append(column)

        guard section.bytes.count <= limits.maxColumnBytes else {
            throw .columnsOverCap(bytes: section.bytes.count, cap: limits.maxColumnBytes)
        }
        return section.bytes
    }

    private func appendPayloads(
        _ payloads: [(payload: [UInt8], blockTime: UInt64)], of kind: TransactionKind, ids: inout IDTableWriter,
        to section: inout ColumnSectionWriter
    ) {
        let strategy = PayloadLayout.columns(for: kind)
        // Payloads that do not split go to the raw column: `varint(count) || (varint(gap) || bytes(payload))*`,
        // the gap being the number of split payloads since the previous raw one.
        var raw = ByteWriter()
        var exceptions: [(gap: Int, payload: [UInt8])] = []
        var fields = strategy.fieldNames.map { _ in ByteWriter() }
        var gap = 0
        for (payload, blockTime) in payloads {
            if strategy.split(payload, blockTime: blockTime, into: &fields, ids: &ids) {
                gap += 1
            } else {
                exceptions.append((gap, payload))
                gap = 0
            }
        }
        raw.writeLength(exceptions.count)
        for exception in exceptions {
            raw.writeLength(exception.gap)
            raw.writeBytes(exception.payload)
        }
        section.append(raw)
        for field in fields { section.append(field) }
    }

    /// The blocks form a chain segment whose headers the reader can restore.
    private func check(_ blocks: [BatchBlock]) throws(BatchEncodingError) {
        guard !blocks.isEmpty else { throw .noBlocks }
        guard blocks.count <= limits.maxBlocks else { throw .tooManyBlocks(count: blocks.count, cap: limits.maxBlocks) }
        let transactionCount = blocks.reduce(0) { $0 + $1.transactions.count }
        guard transactionCount <= limits.maxTransactions else {
            throw .tooManyTransactions(count: transactionCount, cap: limits.maxTransactions)
        }
        var previous: BlockHeader?
        for block in blocks {
            let header = block.header
            if let previous {
                let (expected, overflow) = previous.number.addingReportingOverflow(1)
                guard !overflow, header.number == expected else {
                    throw .notConsecutive(expected: previous.number &+ 1, found: header.number)
                }
                guard header.parentHash == previous.hash else { throw .parentMismatch(number: header.number) }
            }
            guard block.transactions.count <= Block.maxTransactions,
                header.transactionCount == UInt32(block.transactions.count)
            else {
                throw .headerMismatch(
                    number: header.number,
                    reason:
                        "it counts \(header.transactionCount) transactions, the block holds \(block.transactions.count)"
                )
            }
            guard header.txsRoot == Block.txsRoot(bodies: block.transactions) else {
                throw .headerMismatch(number: header.number, reason: "its txs root is not the root of its transactions")
            }
            previous = header
        }
    }
}
