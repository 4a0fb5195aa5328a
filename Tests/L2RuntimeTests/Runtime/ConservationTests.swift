import Common
import Testing

@testable import L2Runtime

/// Value is never made or lost: after every block, the balances, the fee pool, the zone's pool, the escrow of
/// open orders and what was withdrawn add up to the genesis supply, whatever mix of transactions ran and
/// whether they succeeded, failed or were rejected.
@Suite("Conservation of value over random runs")
struct ConservationTests {
    typealias Keys = TestChain

    static let senders = [Keys.alice, Keys.bob, Keys.carol, Keys.dave, Keys.mallory]
    /// An address that starts with nothing: transfers to it create an account mid-run.
    static let stranger = TestChain.key(9).address

    /// Everything that holds value, summed: accounts (enumerated by index), the fee pool, the zone's pool, the
    /// escrow of `orders` that are not final, and the withdrawal entries.
    static func total(_ space: DataSpace, orders: [Hash]) throws -> UInt128 {
        var reader = space.chain.reader
        var sum: UInt128 = 0
        var index: UInt64 = 0
        while let (_, account) = try reader.account(index: AccountIndex(index)) {
            sum += account.balance.value
            index += 1
        }
        sum += try reader.feePool().value + reader.zonePool(space.zone).value
        for id in orders {
            let order = try #require(try reader.execution(id)?.order)
            if !order.status.isFinal { sum += order.payment.value }
        }
        for entry in try reader.withdrawals(limit: Int.max) { sum += entry.amount.value }
        return sum
    }

    @Test(
        "balances, pools, escrow and withdrawals always sum to the genesis supply (fees pooled, or paid to a recipient)",
        arguments: [1, 2, 3, 4] as [UInt64])
    func conserved(seed: UInt64) throws {
        // Fuel is priced, so fees are partly refunded; the zone takes a 7.5% tax (which rounds) and a join fee.
        // Odd seeds credit each block's fees to a recipient that starts with no account.
        let recipient = seed % 2 == 1 ? TestChain.key(11).address : nil
        let config = RuntimeConfig(
            chainID: TestChain.chainID, minimumFee: 10, feePerThousandFuel: 7, feeRecipient: recipient)
        var space = try DataSpace(taxBasisPoints: 750, joinFee: 25, config: config, fee: 10_000)
        let supply = try Self.total(space, orders: [])
        #expect(supply == UInt128(Self.senders.count) * TestChain.initialBalance.value)
        var random = Xorshift(seed: seed)
        var orders: [Hash] = []
        var outcomes: [String: Int] = [:]
        var claims = 0
        for step in 0..<150 {
            let sender = Self.senders[Int(random.next() % UInt64(Self.senders.count))]
            // Some fees buy too little fuel for the rules (outOfFuel); most buy enough and get the rest back.
            let fee = Amount(UInt128(10 + random.next() % 30))
            let open = orders.filter { id in
                var reader = space.chain.reader
                return (try? reader.execution(id)?.order.status.isFinal) == false
            }
            let receipt: Receipt
            switch random.next() % 9 {
            case 0:
                let recipient = random.next() % 4 == 0 ? Self.stranger : Self.senders[step % 5].address
                receipt = try space.chain.send(
                    sender, .transfer,
                    TransferPayload(recipient: recipient, amount: Amount(UInt128(random.next() % 400_000))),
                    fee: fee)
            case 1:
                receipt = try space.chain.send(
                    sender, .withdraw,
                    WithdrawPayload(recipient: Keys.dave.address, amount: Amount(UInt128(random.next() % 50_000))),
                    fee: fee)
            case 2:
                receipt = try space.chain.send(sender, .joinZone, JoinZonePayload(zone: space.zone), fee: fee)
            case 3, 4:
                let payment = Amount(UInt128(100 + random.next() % 900))
                receipt = try space.chain.send(sender, .requestExecution, space.request(payment: payment), fee: fee)
                if receipt.status == .success { orders.append(try space.chain.createdID(RecordID.execution)) }
            case 5, 6:
                guard let id = open.first else { continue }
                let statuses: [ExecutionStatus] = [.started, .delivered, .failed]
                let status = statuses[Int(random.next() % 3)]
                let consumed = status == .delivered ? [space.dataset] : []
                receipt = try space.chain.send(
                    Keys.dave, .reportExecution,
                    ReportExecutionPayload(execution: id, status: status, consumed: consumed, evidenceHash: .zero),
                    fee: fee)
            case 7:
                // The founder (alice) claims part of the zone's pool; anyone else is refused.
                let claimer = random.next() % 2 == 0 ? Keys.alice : sender
                receipt = try space.chain.send(
                    claimer, .claimZonePool,
                    ClaimZonePoolPayload(zone: space.zone, amount: Amount(UInt128(1 + random.next() % 60))), fee: fee)
                if receipt.status == .success { claims += 1 }
            default:
                guard let id = open.last else { continue }
                receipt = try space.chain.send(
                    sender, .cancelExecution, CancelExecutionPayload(execution: id), fee: fee)
            }
            outcomes["\(receipt.status)", default: 0] += 1
            #expect(try Self.total(space, orders: orders) == supply, "step \(step): \(receipt.status)")
        }
        // The run exercised successes and failures both, and paid orders out.
        #expect(outcomes["success", default: 0] > 20)
        #expect(outcomes.keys.contains { $0 != "success" })
        var reader = space.chain.reader
        if let recipient {
            #expect(try reader.feePool() == .zero && reader.account(recipient)?.balance ?? .zero > .zero)
        } else {
            #expect(try reader.feePool() > .zero)
        }
        #expect(try reader.zonePool(space.zone) > .zero || claims > 0)
    }
}

/// xorshift64*: a small deterministic generator, so a failing seed replays exactly.
struct Xorshift {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
