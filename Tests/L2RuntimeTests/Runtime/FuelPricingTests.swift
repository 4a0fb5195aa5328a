import Common
import Testing

@testable import L2Runtime

@Suite("Fuel pricing: the fee above the minimum buys rules fuel, and the sender pays for what it used")
struct FuelPricingTests {
    typealias Keys = TestChain

    /// One base unit per fuel, on top of a minimum fee of 10.
    static let priced = RuntimeConfig(chainID: TestChain.chainID, minimumFee: 10, feePerThousandFuel: 1000)
    /// What the set-up transactions carry: more than any of them spends.
    static let generous: Amount = 100_010

    @Test("the budget is what the fee buys above the minimum, rounded down, at most the per-transaction cap")
    func budget() {
        let config = RuntimeConfig(chainID: "c", minimumFee: 10, feePerThousandFuel: 3)
        #expect(config.fuelBudget(fee: 10) == RuleFuelLimit(fuel: 0, boughtByFee: true))
        #expect(config.fuelBudget(fee: 11) == RuleFuelLimit(fuel: 333, boughtByFee: true))
        #expect(config.fuelBudget(fee: 609) == RuleFuelLimit(fuel: 199_666, boughtByFee: true))
        let cap = RuleFuelLimit(fuel: RuntimeRuleLimits.fuelPerTransaction, boughtByFee: false)
        #expect(config.fuelBudget(fee: 610) == cap)
        #expect(config.fuelBudget(fee: .max) == cap)
        #expect(RuntimeConfig(chainID: "c", minimumFee: 10).fuelBudget(fee: 10) == cap)
        // 256-bit arithmetic: neither a fee nor a price near 2^128 overflows.
        let dear = RuntimeConfig(chainID: "c", minimumFee: 0, feePerThousandFuel: .max)
        #expect(dear.fuelBudget(fee: .max) == RuleFuelLimit(fuel: 1000, boughtByFee: true))
        #expect(dear.fuelBudget(fee: Amount(UInt128.max - 1)) == RuleFuelLimit(fuel: 999, boughtByFee: true))
        let cheap = RuntimeConfig(chainID: "c", minimumFee: 0, feePerThousandFuel: 1)
        #expect(cheap.fuelBudget(fee: .max) == cap)
        #expect(cheap.fuelBudget(fee: 199) == RuleFuelLimit(fuel: 199_000, boughtByFee: true))
    }

    @Test("the charge is the minimum and the fuel rounded up, never more than the fee")
    func charge() {
        let config = RuntimeConfig(chainID: "c", minimumFee: 10, feePerThousandFuel: 3)
        #expect(config.feeCharged(fee: 50, fuel: 0) == 10)
        #expect(config.feeCharged(fee: 50, fuel: 1) == 11)
        #expect(config.feeCharged(fee: 50, fuel: 333) == 11)
        #expect(config.feeCharged(fee: 50, fuel: 334) == 12)
        #expect(config.feeCharged(fee: 11, fuel: 100_000) == 11)
        #expect(RuntimeConfig(chainID: "c", minimumFee: 10).feeCharged(fee: 50, fuel: 100_000) == 10)
        let dear = RuntimeConfig(chainID: "c", minimumFee: 0, feePerThousandFuel: .max)
        #expect(dear.feeCharged(fee: .max, fuel: 1000) == .max)
        // ceil((2^128 - 1) × 999 / 1000)
        let expected = UInt128(339_942_084_554_017_524_999_911_232_824_336_443_244)
        #expect(dear.feeCharged(fee: .max, fuel: 999) == Amount(expected))
        #expect(dear.feeCharged(fee: 77, fuel: 2) == 77)
        // Whatever the fuel the budget allows, the charge stays within the fee.
        for fee in [Amount(10), 11, 12, 100, 609, 610, 1_000_000] {
            let limit = config.fuelBudget(fee: fee)
            #expect(config.feeCharged(fee: fee, fuel: limit.fuel) <= fee)
        }
    }

    /// Carol's request for execution, with `fee`: its receipt, and what it cost her in all.
    static func request(fee: Amount, in space: inout DataSpace) throws -> (receipt: Receipt, cost: Amount) {
        let before = try space.chain.balance(Keys.carol.address)
        let receipt = try space.chain.send(Keys.carol, .requestExecution, space.request(), fee: fee)
        let after = try space.chain.balance(Keys.carol.address)
        return (receipt, try #require(before.subtracting(after)))
    }

    @Test("a request pays the minimum and the fuel it used, and gets the rest of its fee back")
    func paysForFuelUsed() throws {
        var space = try DataSpace(config: Self.priced, fee: Self.generous)
        var reader = space.chain.reader
        let pool = try reader.feePool()
        let first = try Self.request(fee: Self.generous, in: &space)
        #expect(first.receipt.status == .success)
        // Three small programs (zone rules, consent, admission): some fuel, far from what the fee bought.
        let paid = first.receipt.feePaid.value
        #expect(paid > 10 && paid < 1000)
        #expect(first.cost == Amount(paid + 200))
        reader = space.chain.reader
        #expect(try reader.feePool() == Amount(pool.value + paid))
        // The same request with exactly that fee passes; a unit less runs out of the fuel it bought.
        let exact = try Self.request(fee: Amount(paid), in: &space)
        #expect(exact.receipt.status == .success && exact.receipt.feePaid == Amount(paid))
        let short = try Self.request(fee: Amount(paid - 1), in: &space)
        #expect(short.receipt.status == failed(.outOfFuel))
        #expect(short.receipt.feePaid == Amount(paid - 1) && short.cost == Amount(paid - 1))
        // At the minimum fee a transaction buys no fuel at all.
        let none = try Self.request(fee: 10, in: &space)
        #expect(none.receipt.status == failed(.outOfFuel) && none.cost == 10)
    }

    @Test("with a fee recipient, each block's fees are credited to it and the fee pool stays empty")
    func feesToTheRecipient() throws {
        let recipient = TestChain.key(12).address
        var config = Self.priced
        config.feeRecipient = recipient
        var space = try DataSpace(config: config, fee: Self.generous)
        var reader = space.chain.reader
        let before = try reader.account(recipient)?.balance ?? .zero
        #expect(try reader.feePool() == .zero)
        let first = try Self.request(fee: Self.generous, in: &space)
        #expect(first.receipt.status == .success)
        reader = space.chain.reader
        #expect(try reader.account(recipient)?.balance == Amount(before.value + first.receipt.feePaid.value))
        #expect(try reader.feePool() == .zero)
    }

    @Test("a refused request pays for the fuel spent before the refusal")
    func refusedPaysFuelSpent() throws {
        var space = try DataSpace(
            datasetConsent: "permit.\ndeny :- action(execute).\n", config: Self.priced, fee: Self.generous)
        let refused = try Self.request(fee: Self.generous, in: &space)
        #expect(refused.receipt.status == failed(.deniedByConsent))
        #expect(refused.receipt.feePaid > 10 && refused.receipt.feePaid < 1000)
        #expect(refused.cost == refused.receipt.feePaid)
    }

    @Test("with a fuel price, the per-transaction cap still holds, and reaching it is not the fee's fault")
    func capStillHolds() throws {
        var (space, second, third) = try RulesInRuntimeTests.costlySpace(config: Self.priced, fee: Self.generous)
        let request = space.request(resources: [space.dataset, second, third])
        let receipt = try space.chain.send(Keys.carol, .requestExecution, request, fee: 1_000_000)
        #expect(receipt.status == failed(.rulesEvaluationFailed))
        #expect(receipt.feePaid == Amount(10 + UInt128(RuntimeRuleLimits.fuelPerTransaction)))
        // Bought by the fee, the same budget runs out as `outOfFuel`.
        let bought = try space.chain.send(Keys.carol, .requestExecution, request, fee: 200_009)
        #expect(bought.status == failed(.outOfFuel) && bought.feePaid == 200_009)
    }

    @Test("a transaction that evaluates no rules pays the minimum, whatever its fee")
    func noRulesPaysMinimum() throws {
        var chain = try TestChain(config: Self.priced)
        let transfer = TransferPayload(recipient: Keys.bob.address, amount: 5)
        let receipt = try chain.send(Keys.alice, .transfer, transfer, fee: 5000)
        #expect(receipt.status == .success && receipt.feePaid == 10)
        #expect(try chain.balance(Keys.alice.address) == Amount(TestChain.initialBalance.value - 15))
    }
}
