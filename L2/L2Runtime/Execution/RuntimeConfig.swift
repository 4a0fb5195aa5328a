import Common

/// The rollup's fixed parameters: they are part of the rollup's definition, identical on the sequencer, on
/// every verifier and in the L1 settlement module.
public struct RuntimeConfig: Hashable, Sendable, Codable {
    /// The rollup's chain id; transactions naming another are rejected.
    public var chainID: String
    /// The smallest fee a transaction may carry, and what an admitted transaction pays at least.
    public var minimumFee: Amount
    /// What 1,000 fuel of rules evaluation costs on top of ``minimumFee`` (0: rules fuel is free, up to
    /// ``RuntimeRuleLimits/fuelPerTransaction``). A transaction's fee is the most it pays: what it carries above
    /// the minimum buys its fuel, and what it does not use stays with the sender (docs/l2-transactions.md 2).
    public var feePerThousandFuel: Amount

    /// Creates a configuration.
    public init(chainID: String, minimumFee: Amount = 0, feePerThousandFuel: Amount = 0) {
        self.chainID = chainID
        self.minimumFee = minimumFee
        self.feePerThousandFuel = feePerThousandFuel
    }

    /// The rules fuel a transaction carrying `fee` may spend: what the fee buys above the minimum, rounded down,
    /// at most ``RuntimeRuleLimits/fuelPerTransaction``.
    public func fuelBudget(fee: Amount) -> RuleFuelLimit {
        let cap = RuleFuelLimit(fuel: RuntimeRuleLimits.fuelPerTransaction, boughtByFee: false)
        let price = feePerThousandFuel.value
        guard price > 0 else { return cap }
        let allowance = (fee.subtracting(minimumFee) ?? .zero).value
        // floor(allowance × 1,000 / price) in 256 bits; a quotient of 2^128 or more is past the cap anyway.
        let scaled = allowance.multipliedFullWidth(by: 1000)
        guard scaled.high < price else { return cap }
        let bought = price.dividingFullWidth(scaled).quotient
        guard bought < UInt128(cap.fuel) else { return cap }
        return RuleFuelLimit(fuel: UInt64(bought), boughtByFee: true)
    }

    /// The fee that buys all the fuel a transaction may spend (``RuntimeRuleLimits/fuelPerTransaction``): a
    /// transaction carrying it never runs out of fuel a higher fee would buy, and pays only what it uses.
    public var fullFuelFee: Amount {
        feeCharged(fee: .max, fuel: RuntimeRuleLimits.fuelPerTransaction)
    }

    /// What a transaction carrying `fee` pays when its rules evaluations spent `fuel` (within the budget the
    /// fee bought): the minimum fee and the fuel, rounded up to a whole unit, never more than `fee`.
    public func feeCharged(fee: Amount, fuel: UInt64) -> Amount {
        // ceil(fuel × price / 1,000) in 256 bits; a quotient of 2^128 or more is more than any fee.
        let product = UInt128(fuel).multipliedFullWidth(by: feePerThousandFuel.value)
        guard product.high < 1000 else { return fee }
        let (quotient, remainder) = UInt128(1000).dividingFullWidth(product)
        let (fuelFee, overflow) = quotient.addingReportingOverflow(remainder == 0 ? 0 : 1)
        guard !overflow, let total = minimumFee.adding(Amount(fuelFee)) else { return fee }
        return min(total, fee)
    }
}
