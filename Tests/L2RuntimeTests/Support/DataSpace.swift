import Common
import Testing

@testable import L2Runtime

/// A chain with a zone founded by alice, a dataset of bob's and a workflow engine of dave's, both members of
/// the zone; carol is the consumer.
struct DataSpace {
    static let openRules = "permit(join).\npermit(execute).\npermit(leave).\n"
    static let permitAll = "permit.\n"

    var chain: TestChain
    let zone: Hash
    let dataset: Hash
    let engine: Hash
    static let datasetPrice: Amount = 100
    static let enginePrice: Amount = 30

    init(
        zoneRules: String = openRules, datasetConsent: String = permitAll, engineAdmission: String = permitAll,
        visibility: ZoneVisibility = .public, taxBasisPoints: UInt16 = 1000, minimumPayment: Amount = 0,
        joinFee: Amount = 0, datasetPrice: Amount = datasetPrice, enginePrice: Amount = enginePrice,
        config: RuntimeConfig = TestChain.config, fee: Amount = TestChain.minimumFee, tree: StateTree? = nil
    ) throws {
        chain = try TestChain(config: config, tree: tree, fee: fee)
        let rules = try chain.storeProgram(zoneRules)
        let consent = try chain.storeProgram(datasetConsent)
        let admission = try chain.storeProgram(engineAdmission)
        let pricing = ZonePricing(taxBasisPoints: taxBasisPoints, minimumPayment: minimumPayment, joinFee: joinFee)
        try Self.expectSuccess(
            chain.send(
                TestChain.alice, .foundZone, FoundZonePayload(rules: rules, visibility: visibility, pricing: pricing)))
        zone = try chain.createdID(RecordID.zone)
        try Self.expectSuccess(
            chain.send(
                TestChain.bob, .registerResource,
                RegisterResourcePayload(
                    kind: .dataset, endpoint: "https://bob.example/data", metadataHash: Hash.blake2b([1]),
                    consent: consent, price: datasetPrice)))
        dataset = try chain.createdID(RecordID.resource)
        try Self.expectSuccess(
            chain.send(
                TestChain.dave, .registerResource,
                RegisterResourcePayload(
                    kind: .workflowEngine, endpoint: "wss://dave.example/engine", metadataHash: Hash.blake2b([2]),
                    consent: admission, price: enginePrice)))
        engine = try chain.createdID(RecordID.resource)
        try Self.expectSuccess(chain.send(TestChain.bob, .joinZone, JoinZonePayload(zone: zone, resource: dataset)))
        try Self.expectSuccess(chain.send(TestChain.dave, .joinZone, JoinZonePayload(zone: zone, resource: engine)))
    }

    static func expectSuccess(_ receipt: Receipt, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(receipt.status == .success, sourceLocation: sourceLocation)
    }

    /// A request by carol for the engine over the dataset.
    func request(payment: Amount = 200, deadlineIn: UInt64 = 60_000, resources: [Hash]? = nil)
        -> RequestExecutionPayload
    {
        RequestExecutionPayload(
            zone: zone, engine: engine, resources: resources ?? [dataset], paramsHash: Hash.blake2b([3]),
            payment: payment, deadlineMillis: chain.time + deadlineIn)
    }

    /// Carol requests an execution; returns its id and receipt.
    mutating func requestExecution(
        by key: AccountPrivateKey = TestChain.carol, _ payload: RequestExecutionPayload? = nil
    ) throws -> (id: Hash, receipt: Receipt) {
        let receipt = try chain.send(key, .requestExecution, payload ?? request())
        return (try chain.createdID(RecordID.execution), receipt)
    }

    /// The engine (dave) reports on `execution`.
    @discardableResult
    mutating func report(
        _ execution: Hash, _ status: ExecutionStatus, consumed: [Hash] = [], produced: [Hash] = [],
        by key: AccountPrivateKey = TestChain.dave, advance: UInt64 = 1000
    ) throws -> Receipt {
        try chain.send(
            key, .reportExecution,
            ReportExecutionPayload(
                execution: execution, status: status, consumed: consumed, produced: produced,
                evidenceHash: Hash.blake2b([9])), advance: advance)
    }

    /// Registers a dataset of `key`'s (with `consent`, a stored program; by default permitting everything) and
    /// joins it to the zone; returns its id.
    mutating func registerDataset(
        by key: AccountPrivateKey = TestChain.bob, price: Amount = 10,
        consent: Hash = Hash.blake2b(Array(permitAll.utf8))
    ) throws -> Hash {
        let nonce = try chain.nonce(of: key)
        Self.expectSuccess(
            try chain.send(
                key, .registerResource,
                RegisterResourcePayload(
                    kind: .dataset, endpoint: "https://example.org/\(key.address)/\(nonce)",
                    metadataHash: Hash.blake2b(Array("\(key.address)/\(nonce)".utf8)), consent: consent,
                    price: price)))
        let id = try chain.createdID(RecordID.resource)
        Self.expectSuccess(try chain.send(key, .joinZone, JoinZonePayload(zone: zone, resource: id)))
        return id
    }
}
