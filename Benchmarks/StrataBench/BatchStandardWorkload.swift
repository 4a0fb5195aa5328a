import Common
import Foundation
import L2Runtime

/// The batch benchmark's standard workload (named for the batch bench; the runtime bench's `Workload`
/// generator may absorb it later): a Data Space chain where most transactions are access requests and
/// execution reports.
///
/// - 10,000 accounts picked by Zipf (s = 1.1); 95% of transactions are sent by index, 5% by a new key.
/// - 100 zones and 1,000 resources (Zipf s = 1.1), 20 workflow engines (uniform), each run by one account.
/// - 45% `requestExecution` (zone, engine, 1 to 4 resources, fresh params hash, round payment, deadline
///   1 min, 5 min or 1 h after the block), 45% `reportExecution` (the engine of an earlier request reports it
///   started, then delivered with the consumed resources and sometimes a produced one, fresh evidence hash),
///   10% others (5% transfers, 2% credentials, 2% zone joins, 1% cancellations).
/// - Blocks every ~200 ms of 50 to 150 transactions; real BIP-340 signatures (each account has a key), random
///   roots.
struct BatchStandardWorkload {
    private var random: SplitMix64
    private let addresses: [Address]
    /// Each account's key, by account index.
    private let keys: [AccountPrivateKey]
    private let zones: [Hash]
    private let resources: [Hash]
    private let engines: [Hash]
    private let engineOperators: [Int]
    private let accountRanks: ZipfSampler
    private let zoneRanks: ZipfSampler
    private let resourceRanks: ZipfSampler
    private var nonces: [UInt64]
    /// Requests not yet delivered, oldest first, with their engine and resources and whether they started.
    private var open: [(id: Hash, engine: Int, resources: [Hash], started: Bool)] = []
    /// The engine and resources of the request being built, until its transaction (and so its id) exists.
    private var requesting: (engine: Int, resources: [Hash])?
    private var number: UInt64 = 1
    private var parent = Hash.zero
    private var time: UInt64 = 1_760_000_000_000
    private static let chainID = "strata-l2-mainnet"

    init(seed: UInt64) {
        var pools = SplitMix64(seed: 0xACC0)
        addresses = (0..<10_000).map { _ in try! Address(bytes: pools.bytes(20)) }
        keys = (0..<10_000).map { _ in try! AccountPrivateKey(bytes: pools.bytes(32)) }
        zones = (0..<100).map { _ in Hash(bytes: pools.bytes(32))! }
        resources = (0..<1_000).map { _ in Hash(bytes: pools.bytes(32))! }
        engines = (0..<20).map { _ in Hash(bytes: pools.bytes(32))! }
        engineOperators = (0..<20).map { _ in Int(pools.next() % 10_000) }
        accountRanks = ZipfSampler(count: 10_000, exponent: 1.1)
        zoneRanks = ZipfSampler(count: 100, exponent: 1.1)
        resourceRanks = ZipfSampler(count: 1_000, exponent: 1.1)
        nonces = [UInt64](repeating: 0, count: 10_000)
        random = SplitMix64(seed: seed)
    }

    private mutating func below(_ bound: UInt64) -> UInt64 { random.next() % bound }

    private mutating func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    private mutating func amount() -> Amount {
        Amount(UInt128(1 + below(1_000)) * [1_000, 10_000, 100_000][Int(below(3))])
    }

    /// The next nonce of account `index`, and its sender form (by index).
    private mutating func send(from index: Int) -> (TransactionSender, UInt64) {
        defer { nonces[index] += 1 }
        return (.index(AccountIndex(UInt64(index))), nonces[index])
    }

    private mutating func request(by index: Int) -> (TransactionKind, [UInt8]) {
        let engine = Int(below(20))
        var picked: [Hash] = []
        for _ in 0..<1 + below(4) {
            let resource = resources[resourceRanks.sample(uniform())]
            if !picked.contains(resource) { picked.append(resource) }
        }
        requesting = (engine, picked)
        let payload = RequestExecutionPayload(
            zone: zones[zoneRanks.sample(uniform())], engine: engines[engine], resources: picked,
            paramsHash: Hash(bytes: random.bytes(32))!, payment: amount(),
            deadlineMillis: time + [60_000, 300_000, 3_600_000][Int(below(3))])
        return (.requestExecution, payload.canonicalBytes)
    }

    /// A report on one of the oldest open requests: started first, then delivered (or, 5%, failed).
    private mutating func report() -> (sender: Int, TransactionKind, [UInt8])? {
        guard !open.isEmpty else { return nil }
        let slot = Int(below(UInt64(min(open.count, 64))))
        let order = open[slot]
        let payload: ReportExecutionPayload
        if !order.started {
            open[slot].started = true
            payload = ReportExecutionPayload(
                execution: order.id, status: .started, evidenceHash: Hash(bytes: random.bytes(32))!)
        } else {
            open.remove(at: slot)
            let produced = below(4) == 0 ? [resources[resourceRanks.sample(uniform())]] : []
            payload = ReportExecutionPayload(
                execution: order.id, status: below(20) == 0 ? .failed : .delivered, consumed: order.resources,
                produced: produced.filter { !order.resources.contains($0) },
                evidenceHash: Hash(bytes: random.bytes(32))!)
        }
        return (engineOperators[order.engine], .reportExecution, payload.canonicalBytes)
    }

    private mutating func transaction() -> SignedTransaction {
        let roll = below(100)
        var account = accountRanks.sample(uniform())
        var kind: TransactionKind
        var payload: [UInt8]
        switch roll {
        case 0..<45:
            (kind, payload) = request(by: account)
        case 45..<90:
            if let (engineOperator, reportKind, reportPayload) = report() {
                (account, kind, payload) = (engineOperator, reportKind, reportPayload)
            } else {
                (kind, payload) = request(by: account)
            }
        case 90..<95:
            kind = .transfer
            payload =
                TransferPayload(recipient: addresses[accountRanks.sample(uniform())], amount: amount())
                .canonicalBytes
        case 95..<97:
            kind = .issueCredential
            payload =
                IssueCredentialPayload(
                    subject: addresses[accountRanks.sample(uniform())],
                    type: ["kyc", "member", "auditor"][Int(below(3))],
                    claimHash: Hash(bytes: random.bytes(32))!, validFromMillis: time,
                    validUntilMillis: time + 31_536_000_000
                ).canonicalBytes
        case 97..<99:
            kind = .joinZone
            payload = JoinZonePayload(zone: zones[zoneRanks.sample(uniform())]).canonicalBytes
        default:
            if let index = open.indices.last, !open[index].started {
                kind = .cancelExecution
                payload = CancelExecutionPayload(execution: open.remove(at: index).id).canonicalBytes
            } else {
                kind = .joinZone
                payload = JoinZonePayload(zone: zones[zoneRanks.sample(uniform())]).canonicalBytes
            }
        }
        let sender: TransactionSender
        let nonce: UInt64
        let key: AccountPrivateKey
        if below(100) < 5, kind != .reportExecution {
            key = try! AccountPrivateKey(bytes: random.bytes(32))
            sender = .key(key.publicKey)
            nonce = 0
        } else {
            key = keys[account]
            (sender, nonce) = send(from: account)
        }
        let fee: Amount = below(100) < 80 ? 250 : Amount(UInt128(250 * (2 + below(9))))
        let body = Transaction(
            chainID: Self.chainID, sender: sender, nonce: nonce, fee: fee, kind: kind, payload: payload)
        let signed = SignedTransaction(signing: body, with: key)
        if kind == .requestExecution, let request = requesting {
            open.append(
                (
                    RecordID.derive(RecordID.execution, transaction: signed.hash), request.engine, request.resources,
                    false
                ))
        }
        requesting = nil
        return signed
    }

    /// The key that signs `sender`'s transactions (what a sequencer reads from its state).
    func signerKey(of sender: TransactionSender) -> AccountPublicKey? {
        switch sender {
        case .key(let key): key
        case .index(let index): index.value < keys.count ? keys[Int(index.value)].publicKey : nil
        }
    }

    /// The next block: 50 to 150 transactions, ~200 ms after the previous one.
    mutating func nextBlock() -> Block {
        time += 180 + below(41)
        let transactions = (0..<50 + Int(below(101))).map { _ in transaction() }
        let header = BlockHeader(
            number: number, parentHash: parent, timestampMillis: time, transactionCount: UInt32(transactions.count),
            txsRoot: Block.txsRoot(transactions), receiptsRoot: Hash(bytes: random.bytes(32))!,
            stateRoot: Hash(bytes: random.bytes(32))!)
        number += 1
        parent = header.hash
        return Block(header: header, transactions: transactions)
    }
}

/// Ranks `0..<count` drawn with probability proportional to `1 / (rank + 1)^exponent`.
struct ZipfSampler {
    private let cumulative: [Double]

    init(count: Int, exponent: Double) {
        var total = 0.0
        cumulative = (1...count).map { rank in
            total += 1 / pow(Double(rank), exponent)
            return total
        }
    }

    /// The rank for a uniform draw `u` in `[0, 1)`.
    func sample(_ u: Double) -> Int {
        let target = u * (cumulative.last ?? 1)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
