/// Recursive-descent parser from tokens to clauses; checks the size caps as it goes and each clause's
/// safety when the clause is complete.
struct RuleParser {
    private var lexer: RuleLexer
    private let limits: RuleLimits
    private var token: RuleToken = .end
    private var tokenAt = RuleSourceLocation(line: 1, column: 1)

    // The clause being parsed: its variables by name, their names and first occurrences.
    private var variableNumbers: [String: Int] = [:]
    private var variableNames: [String] = []
    private var variableLocations: [RuleSourceLocation] = []

    init(bytes: [UInt8], limits: RuleLimits) {
        lexer = RuleLexer(bytes, maxTermBytes: limits.maxTermBytes)
        self.limits = limits
    }

    /// Parses the whole program.
    mutating func parseProgram() throws(RuleError) -> [RuleClause] {
        try bump()
        var clauses: [RuleClause] = []
        while token != .end {
            guard clauses.count < limits.maxClauses else {
                throw .limitExceeded(.clauses, limit: limits.maxClauses, at: tokenAt)
            }
            clauses.append(try parseClause(index: clauses.count))
        }
        return clauses
    }

    private mutating func bump() throws(RuleError) {
        (token, tokenAt) = try lexer.next()
    }

    private func unexpected(_ expected: String) -> RuleError {
        .syntax(tokenAt, expected: expected, found: token.display)
    }

    private mutating func parseClause(index: Int) throws(RuleError) -> RuleClause {
        variableNumbers = [:]
        variableNames = []
        variableLocations = []
        let start = tokenAt
        let name: String
        switch token {
        case .name(let text), .quotedAtom(let text): name = text
        default: throw unexpected("a clause head (an atom such as permit or member(alice))")
        }
        try bump()
        let head = try parseAtom(name: name, at: start)
        if RuleContext.reservedPredicates.contains(head.predicate) {
            throw .reservedPredicate(start, predicate: head.predicate.description)
        }
        var body: [(RuleLiteral, RuleSourceLocation)] = []
        switch token {
        case .period:
            break
        case .neck:
            repeat {
                try bump()
                guard body.count < limits.maxBodyLiterals else {
                    throw .limitExceeded(.bodyLiterals, limit: limits.maxBodyLiterals, at: tokenAt)
                }
                let literalAt = tokenAt
                body.append((try parseLiteral(), literalAt))
            } while token == .comma
            guard token == .period else {
                throw unexpected("',' or '.' after a body literal")
            }
        default:
            throw unexpected("':-' or '.' after the clause head")
        }
        try bump()
        let clause = RuleClause(
            index: index, location: start, head: head, body: body.map(\.0), variableNames: variableNames)
        return try RuleSafety.check(clause, variableLocations: variableLocations)
    }

    /// `name` has been read; reads its optional argument list.
    private mutating func parseAtom(name: String, at: RuleSourceLocation) throws(RuleError) -> RuleAtom {
        var arguments: [RuleArgument] = []
        if token == .openParen {
            repeat {
                try bump()
                guard arguments.count < limits.maxArity else {
                    throw .limitExceeded(.arity, limit: limits.maxArity, at: tokenAt)
                }
                arguments.append(try parseTerm())
            } while token == .comma
            guard token == .closeParen else {
                throw unexpected("',' or ')' after an argument")
            }
            try bump()
        }
        return RuleAtom(predicate: PredicateKey(name: name, arity: arguments.count), arguments: arguments)
    }

    private mutating func parseLiteral() throws(RuleError) -> RuleLiteral {
        let start = tokenAt
        switch token {
        case .negation:
            try bump()
            let atomAt = tokenAt
            guard case .name(let name) = token else {
                if case .quotedAtom(let name) = token {
                    try bump()
                    return .negative(try parseAtom(name: name, at: atomAt))
                }
                throw unexpected("an atom after '\\+'")
            }
            try bump()
            return .negative(try parseAtom(name: name, at: atomAt))
        case .name(let name), .quotedAtom(let name):
            try bump()
            if case .comparison = token {
                return try parseComparison(lhs: .constant(.atom(name)))
            }
            let atom = try parseAtom(name: name, at: start)
            if case .comparison = token {
                throw .invalidTerm(start, reason: Self.functionSymbolReason)
            }
            return .positive(atom)
        case .variable, .integer, .string:
            let lhs = try parseTerm()
            guard case .comparison = token else {
                throw unexpected("a comparison operator (=, \\=, <, =<, >, >=)")
            }
            return try parseComparison(lhs: lhs)
        default:
            throw unexpected("a body literal")
        }
    }

    private mutating func parseComparison(lhs: RuleArgument) throws(RuleError) -> RuleLiteral {
        guard case .comparison(let op) = token else {
            throw unexpected("a comparison operator")
        }
        try bump()
        return .comparison(op, lhs, try parseTerm())
    }

    private static let functionSymbolReason =
        "function symbols (compound terms) are not supported: arguments are atoms, integers, strings or variables"

    private mutating func parseTerm() throws(RuleError) -> RuleArgument {
        let start = tokenAt
        let argument: RuleArgument
        switch token {
        case .name(let name), .quotedAtom(let name): argument = .constant(.atom(name))
        case .integer(let value): argument = .constant(.integer(value))
        case .string(let text): argument = .constant(.string(text))
        case .variable(let name):
            if name == "_" {
                argument = .wildcard
            } else if let number = variableNumbers[name] {
                argument = .variable(number)
            } else {
                variableNumbers[name] = variableNames.count
                argument = .variable(variableNames.count)
                variableNames.append(name)
                variableLocations.append(start)
            }
        default:
            throw unexpected("a term (an atom, integer, string or variable)")
        }
        try bump()
        if token == .openParen {
            throw .invalidTerm(start, reason: Self.functionSymbolReason)
        }
        return argument
    }
}
