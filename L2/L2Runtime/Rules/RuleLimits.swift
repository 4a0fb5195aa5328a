/// The caps that bound a program's size and its evaluation.
///
/// Parsing checks the size caps; evaluation checks ``maxDerivedTuples`` (and the fuel it is given).
public struct RuleLimits: Hashable, Sendable {
    /// The largest source, in UTF-8 bytes.
    public var maxSourceBytes: Int
    /// The most clauses (facts and rules).
    public var maxClauses: Int
    /// The most literals in one rule body.
    public var maxBodyLiterals: Int
    /// The most arguments of one predicate.
    public var maxArity: Int
    /// The longest atom or string, in UTF-8 bytes.
    public var maxTermBytes: Int
    /// The most tuples an evaluation may hold (program facts and derived facts, context facts excluded).
    public var maxDerivedTuples: Int

    /// Creates limits; the defaults are the ones zones and resources get on chain.
    public init(
        maxSourceBytes: Int = 16_384, maxClauses: Int = 256, maxBodyLiterals: Int = 16, maxArity: Int = 8,
        maxTermBytes: Int = 256, maxDerivedTuples: Int = 10_000
    ) {
        self.maxSourceBytes = maxSourceBytes
        self.maxClauses = maxClauses
        self.maxBodyLiterals = maxBodyLiterals
        self.maxArity = maxArity
        self.maxTermBytes = maxTermBytes
        self.maxDerivedTuples = maxDerivedTuples
    }

    /// The default limits.
    public static let standard = RuleLimits()
}

/// Which cap of ``RuleLimits`` was exceeded.
public enum RuleLimitKind: String, Hashable, Sendable {
    /// ``RuleLimits/maxSourceBytes``.
    case sourceBytes
    /// ``RuleLimits/maxClauses``.
    case clauses
    /// ``RuleLimits/maxBodyLiterals``.
    case bodyLiterals
    /// ``RuleLimits/maxArity``.
    case arity
    /// ``RuleLimits/maxTermBytes``.
    case termBytes
    /// ``RuleLimits/maxDerivedTuples``.
    case derivedTuples
}
