import Common

/// A parsed, checked and stratified rules program: a zone's rules or a resource's consent.
///
/// A program is content-addressed: ``id`` is BLAKE2b-256 of its UTF-8 source, and the canonical encoding
/// for storage is that source itself (``encoded``). The language is described in docs/rules.md.
public struct RuleProgram: Sendable, Equatable {
    /// BLAKE2b-256 of the UTF-8 source.
    public let id: Hash
    /// The source text, as given.
    public let source: String
    /// The limits the program was checked against and is evaluated under.
    public let limits: RuleLimits
    let clauses: [RuleClause]
    /// The clauses as the evaluator runs them.
    let rules: CompiledRules

    private init(source: String, limits: RuleLimits, clauses: [RuleClause], strata: [RuleStratum]) {
        self.id = Hash.blake2b(source.utf8)
        self.source = source
        self.limits = limits
        self.clauses = clauses
        self.rules = CompiledRules(clauses: clauses, strata: strata)
    }

    /// Parses `source`, checks its safety and size caps and stratifies it.
    ///
    /// - Throws: ``RuleError`` naming what is wrong, with a line and column where there is one.
    public static func parse(source: String, limits: RuleLimits = .standard) throws(RuleError) -> RuleProgram {
        let bytes = Array(source.utf8)
        guard bytes.count <= limits.maxSourceBytes else {
            throw .limitExceeded(.sourceBytes, limit: limits.maxSourceBytes, at: nil)
        }
        var parser = RuleParser(bytes: bytes, limits: limits)
        let clauses = try parser.parseProgram()
        let strata = try RuleStratifier.strata(of: clauses)
        return RuleProgram(source: source, limits: limits, clauses: clauses, strata: strata)
    }

    /// Parses a program from its canonical encoding (its UTF-8 source).
    ///
    /// - Throws: ``RuleError/invalidUTF8`` when the bytes are not UTF-8, otherwise as ``parse(source:limits:)``.
    public static func decode(_ bytes: [UInt8], limits: RuleLimits = .standard) throws(RuleError) -> RuleProgram {
        guard bytes.count <= limits.maxSourceBytes else {
            throw .limitExceeded(.sourceBytes, limit: limits.maxSourceBytes, at: nil)
        }
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8
        }
        return try parse(source: source, limits: limits)
    }

    /// The canonical encoding: the UTF-8 source.
    public var encoded: [UInt8] { Array(source.utf8) }

    /// How many clauses (facts and rules) the program has.
    public var clauseCount: Int { clauses.count }

    /// Answers the request in `context`, spending at most `fuel` (see docs/rules.md for the costs).
    ///
    /// Never traps and always ends: running out of fuel or exceeding ``RuleLimits/maxDerivedTuples`` gives
    /// ``RuleDecision/failed(_:)``.
    public func evaluate(context: RuleContext, fuel: UInt64) -> RuleEvaluation {
        evaluate(loaded: LoadedRuleContext(context), fuel: fuel)
    }

    /// Answers the request in a context already loaded (see ``LoadedRuleContext``), as
    /// ``evaluate(context:fuel:)`` does on its context.
    func evaluate(loaded context: LoadedRuleContext, fuel: UInt64) -> RuleEvaluation {
        var evaluator = RuleEvaluator(rules: rules, limits: limits, context: context, fuel: fuel)
        let decision = evaluator.run()
        return RuleEvaluation(decision: decision, fuelUsed: evaluator.fuelUsed)
    }

    /// Two programs are equal when their sources and limits are.
    public static func == (lhs: RuleProgram, rhs: RuleProgram) -> Bool {
        lhs.id == rhs.id && lhs.source == rhs.source && lhs.limits == rhs.limits
    }
}
