/// Range restriction: every variable of a rule's head, of a negated literal and of a comparison must occur in a
/// positive body literal, so a rule only ever derives ground facts from facts it has. The anonymous variable
/// `_` may appear in positive and negated literals (in a negated one it means "any value"), never in a head or
/// a comparison.
enum RuleSafety {
    /// Checks `clause` and returns it with its body in evaluation order: positive literals as written, each
    /// negation and comparison moved right after the first positive literals that bind all its variables.
    static func check(_ clause: RuleClause, variableLocations: [RuleSourceLocation]) throws(RuleError) -> RuleClause {
        func unsafe(_ number: Int?) -> RuleError {
            guard let number else {
                return .unsafeVariable(clause.location, variable: "_", clause: clause.index)
            }
            return .unsafeVariable(
                variableLocations[number], variable: clause.variableNames[number], clause: clause.index)
        }
        let positives = clause.body.compactMap { literal -> RuleAtom? in
            if case .positive(let atom) = literal { return atom }
            return nil
        }
        // bindingPoint[v] = how many positive literals must run before variable v is bound.
        var bindingPoint = [Int?](repeating: nil, count: clause.variableNames.count)
        for (position, atom) in positives.enumerated() {
            for case .variable(let number) in atom.arguments where bindingPoint[number] == nil {
                bindingPoint[number] = position + 1
            }
        }
        func point(_ arguments: [RuleArgument], wildcardAllowed: Bool) throws(RuleError) -> Int {
            var needed = 0
            for argument in arguments {
                switch argument {
                case .constant: continue
                case .wildcard:
                    if !wildcardAllowed {
                        throw unsafe(nil)
                    }
                case .variable(let number):
                    guard let bound = bindingPoint[number] else {
                        throw unsafe(number)
                    }
                    needed = max(needed, bound)
                }
            }
            return needed
        }
        _ = try point(clause.head.arguments, wildcardAllowed: false)
        var deferred: [[RuleLiteral]] = Array(repeating: [], count: positives.count + 1)
        for literal in clause.body {
            switch literal {
            case .positive:
                continue
            case .negative(let atom):
                deferred[try point(atom.arguments, wildcardAllowed: true)].append(literal)
            case .comparison(_, let lhs, let rhs):
                deferred[try point([lhs, rhs], wildcardAllowed: false)].append(literal)
            }
        }
        var ordered: [RuleLiteral] = deferred[0]
        for (position, atom) in positives.enumerated() {
            ordered.append(.positive(atom))
            ordered += deferred[position + 1]
        }
        var result = clause
        result.body = ordered
        return result
    }
}
