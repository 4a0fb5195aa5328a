import Common

/// Where an execution order is in its life. `requested → started → delivered | failed`, `requested → failed`,
/// and `requested | started → cancelled` (by the consumer before it starts, by anyone after its deadline).
/// `delivered`, `failed` and `cancelled` are final.
public enum ExecutionStatus: UInt8, CaseIterable, Hashable, Sendable {
    /// Requested and escrowed; the engine has not started.
    case requested = 0
    /// The engine reported that it started.
    case started = 1
    /// The engine delivered: the providers were paid.
    case delivered = 2
    /// The engine reported a failure: the payment was refunded.
    case failed = 3
    /// Cancelled before it started or after its deadline: the payment was refunded.
    case cancelled = 4

    /// Whether nothing can happen to the order any more.
    public var isFinal: Bool { self == .delivered || self == .failed || self == .cancelled }

    /// Whether an engine's report may move an order from `self` to `next`.
    public func mayReport(_ next: ExecutionStatus) -> Bool {
        switch (self, next) {
        case (.requested, .started), (.requested, .failed), (.started, .delivered), (.started, .failed): true
        default: false
        }
    }
}

/// An execution order: a consumer asks a workflow engine to run over resources in a zone and escrows the
/// payment until the engine delivers (paid out), fails (refunded) or the order is cancelled (refunded).
public struct ExecutionOrder: Hashable, Sendable {
    /// The most resources one order may use.
    public static let maxResources = 16
    /// The longest an order may run: its deadline is at most 30 days after the block that requests it, so no
    /// escrow and no access grant lives on indefinitely.
    public static let maxWindowMillis: UInt64 = 30 * 86_400_000

    /// The order's id (``RecordID/execution``).
    public var id: Hash
    /// Who asked and paid.
    public var consumer: Address
    /// The zone it runs in.
    public var zone: Hash
    /// The workflow engine (a resource of kind ``ResourceKind/workflowEngine``).
    public var engine: Hash
    /// The resources it uses, in the order requested (no duplicates).
    public var resources: [Hash]
    /// Each resource's price when the order was made (what its controller is paid on delivery, before tax).
    public var prices: [Amount]
    /// The hash of the parameters (kept off chain).
    public var paramsHash: Hash
    /// The escrowed payment.
    public var payment: Amount
    /// The block time by which the engine must deliver, in milliseconds; grants end then.
    public var deadlineMillis: UInt64
    /// The block time of the request, in milliseconds.
    public var requestedAtMillis: UInt64
    /// Where it is.
    public var status: ExecutionStatus
    /// How many reports the engine made (they are stored under ``StateKeys/executionReport(_:_:)``).
    public var reportCount: UInt32

    /// Creates an order record.
    public init(
        id: Hash, consumer: Address, zone: Hash, engine: Hash, resources: [Hash], prices: [Amount], paramsHash: Hash,
        payment: Amount, deadlineMillis: UInt64, requestedAtMillis: UInt64, status: ExecutionStatus, reportCount: UInt32
    ) {
        self.id = id
        self.consumer = consumer
        self.zone = zone
        self.engine = engine
        self.resources = resources
        self.prices = prices
        self.paramsHash = paramsHash
        self.payment = payment
        self.deadlineMillis = deadlineMillis
        self.requestedAtMillis = requestedAtMillis
        self.status = status
        self.reportCount = reportCount
    }
}

extension ExecutionStatus: CanonicalCodable {
    /// One byte (the raw value).
    public func encode(to writer: inout ByteWriter) { writer.write(rawValue) }

    /// Reads the byte; any other value is an error.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let offset = reader.offset
        let raw = try reader.readUInt8("execution status")
        guard let status = ExecutionStatus(rawValue: raw) else {
            throw .unknownTag(what: "execution status", offset: offset, tag: UInt64(raw))
        }
        self = status
    }
}

extension ExecutionOrder: CanonicalCodable {
    /// `id || consumer (20) || zone || engine || list<hash>(resources) || list<varint>(prices) || paramsHash || varint(payment) ||
    /// varint(deadlineMillis) || varint(requestedAtMillis) || status (1) || varint(reportCount)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(consumer)
        writer.write(zone)
        writer.write(engine)
        writer.writeList(resources)
        writer.writeList(prices)
        writer.write(paramsHash)
        writer.write(payment)
        writer.writeVarint(deadlineMillis)
        writer.writeVarint(requestedAtMillis)
        writer.write(status)
        writer.writeVarint(reportCount)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        id = try reader.readHash("execution id")
        consumer = try reader.read(Address.self)
        zone = try reader.readHash("zone")
        engine = try reader.readHash("engine")
        resources = try reader.readList(Hash.self, cap: Self.maxResources, "resources")
        prices = try reader.readList(Amount.self, cap: Self.maxResources, "prices")
        paramsHash = try reader.readHash("params hash")
        payment = try reader.read(Amount.self)
        deadlineMillis = try reader.readVarint(UInt64.self, "deadline")
        requestedAtMillis = try reader.readVarint(UInt64.self, "requested at")
        status = try reader.read(ExecutionStatus.self)
        reportCount = try reader.readVarint(UInt32.self, "report count")
    }
}

/// One report of an engine on an order: the status it moved to, what it consumed and produced, the evidence.
public struct ExecutionReport: Hashable, Sendable {
    /// The most resources a report may list as consumed, and as produced.
    public static let maxResources = 16

    /// The status the report moved the order to.
    public var status: ExecutionStatus
    /// The order's resources the execution consumed.
    public var consumed: [Hash]
    /// The resources the execution produced (registered resources).
    public var produced: [Hash]
    /// The hash of the evidence (logs, attestation) kept off chain.
    public var evidenceHash: Hash
    /// The block time of the report, in milliseconds.
    public var reportedAtMillis: UInt64

    /// Creates a report record.
    public init(
        status: ExecutionStatus, consumed: [Hash], produced: [Hash], evidenceHash: Hash, reportedAtMillis: UInt64
    ) {
        self.status = status
        self.consumed = consumed
        self.produced = produced
        self.evidenceHash = evidenceHash
        self.reportedAtMillis = reportedAtMillis
    }
}

extension ExecutionReport: CanonicalCodable {
    /// `status (1) || list<hash>(consumed) || list<hash>(produced) || evidenceHash || varint(reportedAtMillis)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(status)
        writer.writeList(consumed)
        writer.writeList(produced)
        writer.write(evidenceHash)
        writer.writeVarint(reportedAtMillis)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        status = try reader.read(ExecutionStatus.self)
        consumed = try reader.readList(Hash.self, cap: Self.maxResources, "consumed")
        produced = try reader.readList(Hash.self, cap: Self.maxResources, "produced")
        evidenceHash = try reader.readHash("evidence hash")
        reportedAtMillis = try reader.readVarint(UInt64.self, "reported at")
    }
}
