/// A (height, round, step) triple: where in consensus a signature is made. Ordered lexicographically, which is
/// the order an honest validator signs in.
public struct SignPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The block height.
    public var height: UInt64
    /// The round within the height.
    public var round: UInt32
    /// The step within the round.
    public var step: SignStep

    /// Names a position.
    public init(height: UInt64, round: UInt32, step: SignStep) {
        self.height = height
        self.round = round
        self.step = step
    }

    /// Height first, then round, then step.
    public static func < (lhs: SignPosition, rhs: SignPosition) -> Bool {
        (lhs.height, lhs.round, lhs.step.rawValue) < (rhs.height, rhs.round, rhs.step.rawValue)
    }

    /// For example `"prevote at height 12 round 1"`.
    public var description: String { "\(step) at height \(height) round \(round)" }
}
