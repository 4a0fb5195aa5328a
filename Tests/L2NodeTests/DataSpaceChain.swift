import Common
import L2Node
import L2Runtime
import Testing

/// A sequencer holding a data space, one sealed block per transaction: alice founds a zone, bob registers a
/// dataset and dave a workflow engine (both join the zone); carol is the consumer.
struct DataSpaceChain {
    static let openRules = "permit(join).\npermit(execute).\npermit(leave).\n"
    static let permitAll = "permit.\n"
    static let alice = 0
    static let bob = 1
    static let carol = 2
    static let dave = 3

    let chain = TestChain(accounts: 4)
    let clock = ManualClock()
    let sequencer: Sequencer
    private(set) var nonces: [Int: UInt64] = [:]
    private(set) var zone = Hash.zero
    private(set) var dataset = Hash.zero
    private(set) var engine = Hash.zero

    init(datasetEndpoint: String = "https://bob.example/data") async throws {
        sequencer = try chain.sequencer(medium: MemoryLogMedium(), clock: clock)
        try await send(Self.alice, .storeProgram, StoreProgramPayload(source: Array(Self.openRules.utf8)))
        try await send(Self.alice, .storeProgram, StoreProgramPayload(source: Array(Self.permitAll.utf8)))
        let permit = Hash.blake2b(Array(Self.permitAll.utf8))
        zone = try await send(
            Self.alice, .foundZone,
            FoundZonePayload(
                rules: Hash.blake2b(Array(Self.openRules.utf8)), visibility: .public,
                pricing: ZonePricing(taxBasisPoints: 1000, minimumPayment: 0, joinFee: 0))
        ).createdID(RecordID.zone)
        dataset = try await send(
            Self.bob, .registerResource,
            RegisterResourcePayload(
                kind: .dataset, endpoint: datasetEndpoint, metadataHash: Hash.blake2b([1]), consent: permit,
                price: 100)
        ).createdID(RecordID.resource)
        engine = try await send(
            Self.dave, .registerResource,
            RegisterResourcePayload(
                kind: .workflowEngine, endpoint: "wss://dave.example/engine", metadataHash: Hash.blake2b([2]),
                consent: permit, price: 30)
        ).createdID(RecordID.resource)
        try await send(Self.bob, .joinZone, JoinZonePayload(zone: zone, resource: dataset))
        try await send(Self.dave, .joinZone, JoinZonePayload(zone: zone, resource: engine))
    }

    func key(_ who: Int) -> AccountPrivateKey { chain.keys[who] }

    /// `who`'s next transaction, signed (its nonce is taken).
    mutating func signed(_ who: Int, _ kind: TransactionKind, _ payload: some CanonicalEncodable)
        -> SignedTransaction
    {
        let nonce = nonces[who, default: 0]
        nonces[who] = nonce + 1
        let transaction = Transaction(
            chainID: TestChain.chainID, sender: .key(key(who).publicKey), nonce: nonce, fee: 0, kind: kind,
            payload: payload.canonicalBytes)
        return SignedTransaction(signing: transaction, with: key(who))
    }

    /// Submits `who`'s transaction, expects it to succeed, and seals its block.
    @discardableResult
    mutating func send(
        _ who: Int, _ kind: TransactionKind, _ payload: some CanonicalEncodable,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> SoftConfirmation {
        let transaction = signed(who, kind, payload)
        let result = await sequencer.process([transaction.bytes])
        let confirmation = try #require(result.first?.success?.confirmation, sourceLocation: sourceLocation)
        #expect(confirmation.status == .success, "\(kind)", sourceLocation: sourceLocation)
        try await sequencer.sealNow()
        clock.advance(1000)
        return confirmation
    }

    /// Carol's request for dave's engine over `resources` (the dataset by default).
    func request(resources: [Hash]? = nil) -> RequestExecutionPayload {
        RequestExecutionPayload(
            zone: zone, engine: engine, resources: resources ?? [dataset], paramsHash: Hash.blake2b([3]),
            payment: 200, deadlineMillis: clock.now + 600_000)
    }

    /// Carol requests an execution; returns its id.
    mutating func requestExecution(resources: [Hash]? = nil) async throws -> Hash {
        try await send(Self.carol, .requestExecution, request(resources: resources)).createdID(RecordID.execution)
    }

    /// Dave reports on `execution`.
    mutating func report(
        _ execution: Hash, _ status: ExecutionStatus, consumed: [Hash] = [], produced: [Hash] = []
    ) async throws {
        try await send(
            Self.dave, .reportExecution,
            ReportExecutionPayload(
                execution: execution, status: status, consumed: consumed, produced: produced,
                evidenceHash: Hash.blake2b([9])))
    }

    /// Dave registers a dataset (an execution's output) and joins it to the zone; returns its id.
    mutating func registerOutput(_ label: UInt8) async throws -> Hash {
        let id = try await send(
            Self.dave, .registerResource,
            RegisterResourcePayload(
                kind: .dataset, endpoint: "https://dave.example/out/\(label)", metadataHash: Hash.blake2b([label]),
                consent: Hash.blake2b(Array(Self.permitAll.utf8)), price: 10)
        ).createdID(RecordID.resource)
        try await send(Self.dave, .joinZone, JoinZonePayload(zone: zone, resource: id))
        return id
    }

    /// Runs an execution over `inputs` to delivery, producing a new dataset; returns (execution, output).
    mutating func deliver(consuming inputs: [Hash], label: UInt8) async throws -> (Hash, Hash) {
        let execution = try await requestExecution(resources: inputs)
        try await report(execution, .started)
        let output = try await registerOutput(label)
        try await report(execution, .delivered, consumed: inputs, produced: [output])
        return (execution, output)
    }
}

extension SoftConfirmation {
    /// The id the confirmed transaction gives what it creates with `tag`.
    func createdID(_ tag: String) -> Hash {
        RecordID.derive(tag, transaction: transactionHash)
    }
}
