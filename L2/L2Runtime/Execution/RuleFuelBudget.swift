/// The rules fuel one transaction may spend over all its evaluations (shared by the copies of its ``Call``).
final class RuleFuelBudget {
    private(set) var remaining: UInt64

    init(_ total: UInt64) {
        remaining = total
    }

    /// Takes `fuel` (at most what is left) from the budget.
    func spend(_ fuel: UInt64) {
        remaining -= min(fuel, remaining)
    }
}
