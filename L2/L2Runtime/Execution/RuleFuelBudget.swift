/// How much rules fuel a transaction may spend, and whether its fee is what set that (rather than
/// ``RuntimeRuleLimits/fuelPerTransaction``).
public struct RuleFuelLimit: Hashable, Sendable {
    /// The fuel.
    public var fuel: UInt64
    /// Whether the fee bought less than the per-transaction cap: running out is then the sender's to fix with
    /// a higher fee (``FailureReason/outOfFuel``).
    public var boughtByFee: Bool

    /// Creates a limit.
    public init(fuel: UInt64, boughtByFee: Bool) {
        self.fuel = fuel
        self.boughtByFee = boughtByFee
    }
}

/// The rules fuel one transaction may spend over all its evaluations (shared by the copies of its ``Call``).
final class RuleFuelBudget {
    /// The limit the budget started from.
    let limit: RuleFuelLimit
    /// The fuel not spent yet.
    private(set) var remaining: UInt64

    init(_ limit: RuleFuelLimit) {
        self.limit = limit
        remaining = limit.fuel
    }

    /// The fuel spent so far.
    var spent: UInt64 { limit.fuel - remaining }

    /// Takes `fuel` (at most what is left) from the budget.
    func spend(_ fuel: UInt64) {
        remaining -= min(fuel, remaining)
    }
}
