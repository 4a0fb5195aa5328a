import Common
import L2Runtime

/// A deterministic L2 workload for benchmarks: a populated Data Space (accounts, zones, datasets, workflow
/// engines, all set up through ordinary transactions) and generators of signed blocks of one kind or of the
/// ``Mix/standard`` mix, each transaction valid on the state the previous blocks leave.
///
/// It lives in its own target so the execution benchmark and the sequencer benchmark build the same
/// population and the same mix without depending on test support. Everything is derived from the account
/// indexes and a fixed seed, so two runs produce the same transactions and the same roots.
public struct Workload {
    /// The kinds of transaction the generator produces.
    public enum Kind: String, CaseIterable, Sendable {
        /// A transfer between two consumers.
        case transfer
        /// A consumer requests an execution over one or two datasets.
        case requestExecution
        /// An engine reports an open order started.
        case reportStarted
        /// An engine reports a started order delivered (pays the providers, records provenance).
        case reportDelivered
        /// A zone founder issues (offers) a credential to a consumer.
        case issueCredential
        /// A consumer accepts a credential offered to it in an earlier block.
        case acceptCredential
        /// A consumer joins a zone.
        case joinZone
    }

    /// A mix: how many of each kind per 100 transactions.
    public struct Mix: Sendable {
        /// Weights per kind, summing to 100, in the order the kinds are interleaved.
        public var perHundred: [(kind: Kind, count: Int)]

        /// The standard mix of a Data Space sequencer: mostly access requests and execution reports, a few
        /// transfers, credentials and joins.
        public static let standard = Mix(perHundred: [
            (.requestExecution, 40), (.reportStarted, 25), (.reportDelivered, 25), (.transfer, 6),
            (.issueCredential, 1), (.acceptCredential, 1), (.joinZone, 2),
        ])
    }

    /// The size of the Data Space.
    public struct Population: Sendable {
        /// Funded accounts (founders, providers, engine controllers and consumers).
        public var accounts = 10_000
        /// Zones, one per founder.
        public var zones = 100
        /// Datasets, each in one zone.
        public var resources = 1_000
        /// Workflow engines, each a member of every zone.
        public var engines = 20

        /// The default population: 10k accounts, 100 zones, 1k datasets, 20 engines.
        public init() {}

        /// A population of `accounts` accounts, `zones` zones, `resources` datasets and `engines` engines.
        public init(accounts: Int, zones: Int, resources: Int, engines: Int) {
            self.accounts = accounts
            self.zones = zones
            self.resources = resources
            self.engines = engines
        }

        /// Whether it leaves at least ten consumers once founders, providers and engine controllers are counted,
        /// and has at least one zone, one dataset per zone and one engine.
        public var isValid: Bool {
            zones > 0 && resources >= zones && engines > 0 && accounts > zones + resources + engines + 10
        }
    }

    /// The rollup the transactions are for and what varies between runs. The defaults are the benchmarks':
    /// a live run against a sequencer (``LoadGenerator``) names the sequencer's chain and fee and a fresh key
    /// seed, so its accounts are new.
    public struct Settings: Sendable {
        /// The chain id the transactions name.
        public var chainID = Workload.chainID
        /// The fee of every transaction.
        public var fee: Amount = 1
        /// The accounts' keys are derived from `"\(keySeed)-\(index)"`.
        public var keySeed = "strata-workload-account"
        /// Credentials are valid from the workload's clock for this long; `nil`: from 0 to a year after the
        /// genesis time (the benchmarks). A long live run needs short lives: a subject holds at most 32.
        public var credentialLifetimeMillis: UInt64?
        /// Reported orders kept at the front of the order lists before they are dropped, so that a long run's
        /// memory is bounded by the orders still open (the transactions are the same whatever the value).
        public var orderCompaction = 4096

        /// The benchmarks' settings.
        public init() {}
    }

    /// How many orders had been requested and started, and credentials offered, when a block was generated.
    public struct Checkpoint: Hashable, Sendable {
        /// Orders requested so far.
        public var requested: Int
        /// Orders started so far.
        public var started: Int
        /// Credentials offered so far.
        public var offered: Int

        /// Nothing generated yet.
        public static let start = Checkpoint(requested: 0, started: 0, offered: 0)
    }

    /// The zones' rules: open to joins, executions for consumers holding enough.
    public static let zoneRules =
        "permit(join).\npermit(leave).\npermit(execute) :- subject(S), balance(S, B), B >= 1000.\n"
    /// The datasets' consent: joins, and executions paying at least 10 by consumers who can pay.
    public static let datasetConsent =
        "permit(join).\npermit(execute) :- payment(P), P >= 10.\n"
        + "deny(execute) :- subject(S), payment(P), balance(S, B), B < P.\n"
    /// The engines' admission: everything.
    public static let engineAdmission = "permit.\n"

    /// The chain id of the workload's rollup.
    public static let chainID = "strata-l2-bench"
    /// 2026-01-01T00:00:00Z in milliseconds: the genesis time.
    public static let genesisTime: UInt64 = 1_767_225_600_000

    /// The programs the population's zones and resources name: the zone rules, the dataset consent, the engine
    /// admission.
    public static let programs = [zoneRules, datasetConsent, engineAdmission]

    /// The runtime the blocks are valid for.
    public let runtime: Runtime
    /// The population.
    public let population: Population
    /// The chain, fee and key seed.
    public let settings: Settings
    /// Reports name only orders requested (or started), and acceptances only credentials offered, before this
    /// checkpoint; `nil`: those of every earlier block. A live run sets it to what the sequencer has confirmed, since blocks are submitted concurrently.
    public var reportable: Checkpoint?
    /// The number of the last block generated.
    public private(set) var number: UInt64 = 0
    /// The time of the last block generated.
    public private(set) var time: UInt64 = genesisTime

    private let keys: [AccountPrivateKey]
    private var nonces: [UInt64]
    private var zones: [Hash] = []
    private var datasets: [Hash] = []
    private var engines: [Hash] = []
    /// Open orders waiting for a start report, and started ones waiting for delivery: (id, engine index,
    /// resources).
    private var requested: [(id: Hash, engine: Int, resources: [Hash])] = []
    private var started: [(id: Hash, engine: Int, resources: [Hash])] = []
    private var requestedHead = 0
    private var startedHead = 0
    /// Orders dropped from the front of `requested` and `started` (all reported).
    private var requestedDropped = 0
    private var startedDropped = 0
    /// Credentials offered and not yet accepted: (id, subject's index); accepted ones are dropped from the front
    /// as orders are.
    private var offered: [(id: Hash, subject: Int)] = []
    private var offeredHead = 0
    private var offeredDropped = 0
    private var joinedZone: [Int]
    private var random = SplitMix(seed: 0x5354_5241_5441)

    private var founders: Range<Int> { 0..<population.zones }
    private var providers: Range<Int> { founders.upperBound..<founders.upperBound + population.resources }
    private var controllers: Range<Int> { providers.upperBound..<providers.upperBound + population.engines }
    private var consumers: Range<Int> { controllers.upperBound..<population.accounts }

    /// A workload over `population`; ``genesis`` and ``setupBlocks()`` build its state.
    public init(population: Population = Population(), settings: Settings = Settings()) {
        precondition(population.isValid, "the population needs zones, datasets, engines and consumers")
        self.population = population
        self.settings = settings
        runtime = Runtime(config: RuntimeConfig(chainID: settings.chainID, minimumFee: 1))
        keys = (0..<population.accounts).map { Self.key($0, seed: settings.keySeed) }
        nonces = Array(repeating: 0, count: population.accounts)
        joinedZone = Array(repeating: 0, count: population.accounts)
    }

    /// The deterministic key of account `index`.
    static func key(_ index: Int, seed prefix: String) -> AccountPrivateKey {
        let seed = Hash.blake2b(Array("\(prefix)-\(index)".utf8))
        // A BLAKE2b output is below the curve order but with negligible probability.
        return (try? AccountPrivateKey(bytes: seed.bytes)) ?? AccountPrivateKey()
    }

    /// The genesis: every account funded, the three programs stored.
    public var genesis: RuntimeGenesis {
        RuntimeGenesis(
            accounts: keys.map { RuntimeGenesis.Account(key: $0.publicKey, balance: 1_000_000_000_000) },
            programs: Self.programs)
    }

    /// The accounts' addresses, by index.
    public var addresses: [Address] { keys.map(\.publicKey.address) }

    /// The orders requested and started so far (for ``reportable``).
    public var checkpoint: Checkpoint {
        Checkpoint(
            requested: requestedDropped + requested.count, started: startedDropped + started.count,
            offered: offeredDropped + offered.count)
    }

    /// Sets the clock deadlines and credentials are computed from (a live run: the wall clock).
    public mutating func setClock(_ millis: UInt64) {
        time = millis
    }

    /// The context of the next block (one second after the last).
    public mutating func nextContext(parent: Hash = .zero) -> BlockContext {
        number += 1
        time += 1000
        return BlockContext(number: number, parentHash: parent, timestampMillis: time)
    }

    /// The blocks that found the zones, register the datasets and engines and join them to their zones, in
    /// order; execute each on the state the previous ones leave (with ``nextContext(parent:)``).
    public mutating func setupBlocks(size: Int = 2_000) -> [[SignedTransaction]] {
        let rules = Hash.blake2b(Array(Self.zoneRules.utf8))
        let consent = Hash.blake2b(Array(Self.datasetConsent.utf8))
        let admission = Hash.blake2b(Array(Self.engineAdmission.utf8))
        var all: [SignedTransaction] = []
        for founder in founders {
            let found = sign(
                founder, .foundZone,
                FoundZonePayload(
                    rules: rules, visibility: .public,
                    pricing: ZonePricing(taxBasisPoints: 500, minimumPayment: 0, joinFee: 0)))
            zones.append(RecordID.derive(RecordID.zone, transaction: found.hash))
            all.append(found)
        }
        for (n, provider) in providers.enumerated() {
            let register = sign(
                provider, .registerResource,
                RegisterResourcePayload(
                    kind: .dataset, endpoint: "https://provider\(n).example/data", metadataHash: contentHash(provider),
                    consent: consent, price: Amount(UInt128(10 + (n % 7) * 5))))
            let id = RecordID.derive(RecordID.resource, transaction: register.hash)
            datasets.append(id)
            all.append(register)
            all.append(sign(provider, .joinZone, JoinZonePayload(zone: zones[n % zones.count], resource: id)))
        }
        for (n, controller) in controllers.enumerated() {
            let register = sign(
                controller, .registerResource,
                RegisterResourcePayload(
                    kind: .workflowEngine, endpoint: "wss://engine\(n).example", metadataHash: contentHash(controller),
                    consent: admission, price: 20))
            let id = RecordID.derive(RecordID.resource, transaction: register.hash)
            engines.append(id)
            all.append(register)
            for zone in zones {
                all.append(sign(controller, .joinZone, JoinZonePayload(zone: zone, resource: id)))
            }
        }
        return Self.chunks(all, size)
    }

    /// A block of `count` transactions of `kind`. Reports need orders requested (or started) in earlier
    /// blocks: a block has at most as many reports as there are such orders.
    public mutating func block(of kind: Kind, count: Int) -> [SignedTransaction] {
        compactOrders()
        var transactions: [SignedTransaction] = []
        transactions.reserveCapacity(count)
        for _ in 0..<count {
            guard let transaction = next(kind) else { break }
            transactions.append(transaction)
        }
        return transactions
    }

    /// A block of `count` transactions in `mix`, interleaved (reports only of orders from earlier blocks).
    public mutating func block(mix: Mix, count: Int) -> [SignedTransaction] {
        var transactions: [SignedTransaction] = []
        transactions.reserveCapacity(count)
        var slots: [Kind] = []
        for (kind, weight) in mix.perHundred {
            slots += Array(repeating: kind, count: weight)
        }
        // Interleave: a fixed permutation of the hundred slots.
        for index in slots.indices.reversed() where index > 0 {
            slots.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        compactOrders()
        let limit = reportable ?? checkpoint
        let requestedEnd = min(max(limit.requested - requestedDropped, 0), requested.count)
        let startedEnd = min(max(limit.started - startedDropped, 0), started.count)
        let offeredEnd = min(max(limit.offered - offeredDropped, 0), offered.count)
        var position = 0
        while transactions.count < count {
            let kind = slots[position % slots.count]
            position += 1
            let available =
                switch kind {
                case .reportStarted: requestedHead < requestedEnd
                case .reportDelivered: startedHead < startedEnd
                case .acceptCredential: offeredHead < offeredEnd
                default: true
                }
            guard available, let transaction = next(kind) else {
                guard position < count * 4 else { break }
                continue
            }
            transactions.append(transaction)
        }
        return transactions
    }

    /// Drops the reported orders (and accepted credentials) at the front of the lists once there are
    /// ``Settings/orderCompaction`` of them and they are at least half of the list.
    private mutating func compactOrders() {
        if requestedHead >= settings.orderCompaction, requestedHead * 2 >= requested.count {
            requested.removeFirst(requestedHead)
            requestedDropped += requestedHead
            requestedHead = 0
        }
        if startedHead >= settings.orderCompaction, startedHead * 2 >= started.count {
            started.removeFirst(startedHead)
            startedDropped += startedHead
            startedHead = 0
        }
        if offeredHead >= settings.orderCompaction, offeredHead * 2 >= offered.count {
            offered.removeFirst(offeredHead)
            offeredDropped += offeredHead
            offeredHead = 0
        }
    }

    /// Orders waiting for a start report, and started orders waiting for delivery.
    public var openOrders: (requested: Int, started: Int) {
        (requested.count - requestedHead, started.count - startedHead)
    }

    private mutating func next(_ kind: Kind) -> SignedTransaction? {
        switch kind {
        case .transfer:
            let from = pick(consumers)
            let to = pick(consumers)
            return sign(
                from, .transfer,
                TransferPayload(recipient: address(to), amount: Amount(UInt128(1 + random.next() % 1000))))
        case .requestExecution:
            let consumer = pick(consumers)
            let zone = Int(random.next() % UInt64(zones.count))
            let engine = Int(random.next() % UInt64(engines.count))
            let perZone = datasets.count / zones.count
            let first = zone + zones.count * Int(random.next() % UInt64(perZone))
            var resources = [datasets[first]]
            if random.next() % 2 == 0, perZone > 1 {
                let second = zone + zones.count * ((first / zones.count + 1) % perZone)
                resources.append(datasets[second])
            }
            let payload = RequestExecutionPayload(
                zone: zones[zone], engine: engines[engine], resources: resources,
                paramsHash: contentHash(consumer), payment: 200, deadlineMillis: time + 3_600_000)
            let request = sign(consumer, .requestExecution, payload)
            requested.append((RecordID.derive(RecordID.execution, transaction: request.hash), engine, resources))
            return request
        case .reportStarted:
            guard requestedHead < requested.count else { return nil }
            let order = requested[requestedHead]
            requestedHead += 1
            started.append(order)
            return sign(
                controllers.lowerBound + order.engine, .reportExecution,
                ReportExecutionPayload(execution: order.id, status: .started, evidenceHash: .zero))
        case .reportDelivered:
            guard startedHead < started.count else { return nil }
            let order = started[startedHead]
            startedHead += 1
            return sign(
                controllers.lowerBound + order.engine, .reportExecution,
                ReportExecutionPayload(
                    execution: order.id, status: .delivered, consumed: order.resources,
                    evidenceHash: Hash.blake2b(order.id.bytes)))
        case .issueCredential:
            let issuer = pick(founders)
            let subject = pick(consumers)
            let now = time
            let validity: (from: UInt64, until: UInt64) =
                settings.credentialLifetimeMillis.map { (now, now + $0) } ?? (0, Self.genesisTime + 365 * 86_400_000)
            let offer = sign(
                issuer, .issueCredential,
                IssueCredentialPayload(
                    subject: address(subject), type: "dataset-access", claimHash: .zero,
                    validFromMillis: validity.from, validUntilMillis: validity.until))
            offered.append((RecordID.derive(RecordID.credential, transaction: offer.hash), subject))
            return offer
        case .acceptCredential:
            guard offeredHead < offered.count else { return nil }
            let offer = offered[offeredHead]
            offeredHead += 1
            return sign(offer.subject, .acceptCredential, CredentialPayload(credential: offer.id))
        case .joinZone:
            // Each consumer joins the zones in order, so it never joins one twice.
            let consumer = pick(consumers)
            guard joinedZone[consumer] < zones.count else { return nil }
            let zone = zones[joinedZone[consumer]]
            joinedZone[consumer] += 1
            return sign(consumer, .joinZone, JoinZonePayload(zone: zone))
        }
    }

    private mutating func pick(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private func address(_ index: Int) -> Address { keys[index].publicKey.address }

    /// A hash that stands for content named in account `index`'s next transaction (metadata, parameters): fresh
    /// per transaction, as real content hashes are.
    private func contentHash(_ index: Int) -> Hash {
        var writer = ByteWriter(capacity: 30)
        writer.write(address(index))
        writer.writeVarint(nonces[index])
        return Hash.blake2b(writer.bytes)
    }

    private mutating func sign(_ index: Int, _ kind: TransactionKind, _ payload: some CanonicalEncodable)
        -> SignedTransaction
    {
        defer { nonces[index] += 1 }
        return signed(by: keys[index], nonce: nonces[index], kind, payload)
    }

    /// `payload` signed by `key` at `nonce`, with the settings' chain id and fee.
    func signed(
        by key: AccountPrivateKey, nonce: UInt64, _ kind: TransactionKind, _ payload: some CanonicalEncodable
    ) -> SignedTransaction {
        let body = Transaction(
            chainID: settings.chainID, sender: .key(key.publicKey), nonce: nonce, fee: settings.fee, kind: kind,
            payload: payload.canonicalBytes)
        return SignedTransaction(signing: body, with: key)
    }

    /// `items` cut into runs of at most `size`, in order.
    static func chunks<T>(_ items: [T], _ size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: max(size, 1)).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}

/// SplitMix64: a small deterministic generator (the workload must not depend on the system's randomness).
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
