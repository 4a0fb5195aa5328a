import Common
import Testing

@testable import L2Runtime

/// Parses `source` and returns the error it is rejected with (nil when it parses).
func ruleError(_ source: String, limits: RuleLimits = .standard) -> RuleError? {
    do {
        _ = try RuleProgram.parse(source: source, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// The line and column of a syntax or term error.
func errorLocation(_ error: RuleError?) -> String? {
    switch error {
    case .syntax(let at, _, _), .invalidTerm(let at, _), .unsafeVariable(let at, _, _), .reservedPredicate(let at, _):
        return at.description
    case .limitExceeded(_, _, let at):
        return at?.description
    default:
        return nil
    }
}

@Suite("Rules parser")
struct RuleParserTests {
    @Test("facts, rules, negation, comparisons, quoted atoms, strings, negative integers and comments parse")
    func goodProgram() throws {
        let source = """
            % a comment
            member(alice). member('Bob Smith').  % two facts on a line
            limit(-9223372036854775808, 9223372036854775807).
            url("https://x.example/\\"q\\"\\n").
            open.
            permit(read) :- subject(S), member(S), \\+ banned(S), S \\= 'root'.
            permit :- payment(P), P >= 100, P =< 1000, P > 0, P < 2000, P = P.
            """
        let program = try RuleProgram.parse(source: source)
        #expect(program.clauseCount == 7)
        #expect(program.id == Hash.blake2b(Array(source.utf8)))
        #expect(program.encoded == Array(source.utf8))
        #expect(try RuleProgram.decode(program.encoded) == program)
        let head = program.clauses[1].head
        #expect(head.arguments == [.constant(.atom("Bob Smith"))])
        #expect(program.clauses[2].head.arguments == [.constant(.integer(.min)), .constant(.integer(.max))])
        #expect(program.clauses[3].head.arguments == [.constant(.string("https://x.example/\"q\"\n"))])
    }

    @Test("an empty program and a comment-only program parse and permit nothing")
    func emptyProgram() throws {
        for source in ["", "% nothing here\n", "   \n\t"] {
            let program = try RuleProgram.parse(source: source)
            #expect(program.clauseCount == 0)
            let context = RuleContext(action: .atom("read"), subject: .atom("alice"))
            #expect(program.evaluate(context: context, fuel: 10).decision == .notPermitted)
        }
    }

    @Test(
        "each syntax error names its line and column and what was expected",
        arguments: [
            ("member(alice)", "1:14", "'.'"),  // missing period: expected ':-' or '.'
            ("member(alice.", "1:13", "','"),  // expected ',' or ')'
            ("p :- .", "1:6", "a body literal"),
            ("p :- q\nr.", "2:1", "',' or '.'"),
            ("X :- q.", "1:1", "a clause head"),
            ("p() .", "1:3", "a term"),
            ("p :- \\+ X.", "1:9", "an atom after"),
            ("p :- X.", "1:7", "a comparison operator"),
            ("p :- q : r.", "1:8", "':-'"),
            ("p :- q & r.", "1:8", "a term, a literal or a clause"),
            ("p('abc).", "1:9", "a closing"),
            ("p(\"a\\qb\").", "1:5", "one of"),
            ("p :- - q.", "1:6", "a term, a literal or a clause"),
            ("p(12ab).", "1:5", "a digit or a separator"),
        ])
    func syntaxErrors(source: String, location: String, expected: String) {
        let error = ruleError(source)
        guard case .syntax(_, let wanted, _) = error else {
            Issue.record("\(source): expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(errorLocation(error) == location, "\(source): \(String(describing: error))")
        #expect(wanted.contains(expected) || (error?.description.contains(expected) ?? false), "\(wanted)")
    }

    @Test(
        "function symbols, floats and out-of-range integers are invalid terms",
        arguments: [
            ("p(f(a)).", "1:3", "function symbols"),
            ("p :- q(X), X = f(a).", "1:16", "function symbols"),
            ("p :- f(a) = X, q(X).", "1:6", "function symbols"),
            ("p(1.5).", "1:3", "floating-point"),
            ("p(9223372036854775808).", "1:3", "64 bits"),
            ("p(-9223372036854775809).", "1:3", "64 bits"),
        ])
    func invalidTerms(source: String, location: String, reason: String) {
        let error = ruleError(source)
        guard case .invalidTerm(_, let message) = error else {
            Issue.record("\(source): expected an invalid term, got \(String(describing: error))")
            return
        }
        #expect(errorLocation(error) == location)
        #expect(message.contains(reason))
    }

    @Test("a program may not define a context predicate")
    func reservedPredicates() {
        #expect(
            ruleError("ok.\nsubject(alice).") == .reservedPredicate(.init(line: 2, column: 1), predicate: "subject/1"))
        #expect(ruleError("credential(a, b, c) :- x(a).") != nil)
        // Another arity is another predicate.
        #expect(ruleError("subject(a, b).") == nil)
    }

    @Test("error messages read as line:column: expected ..., found ...")
    func messages() {
        let error = ruleError("p :- q,\n  r(a b).")
        #expect(error?.description == "2:7: expected ',' or ')' after an argument, found atom 'b'")
    }

    @Test("random bytes and random token soup never crash the parser")
    func fuzz() {
        var random = SplitMix64(seed: 0x5EED_4_2025)
        let alphabet = Array("abXY_ 019-().,:-\\+=<>'\"%\n\tp(q)".utf8)
        for round in 0..<3000 {
            let length = Int(random.next() % 64)
            let bytes: [UInt8] =
                if round % 2 == 0 {
                    random.bytes(length)
                } else {
                    (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
                }
            if let program = try? RuleProgram.decode(bytes) {
                let context = RuleContext(action: .atom("read"), subject: .atom("alice"))
                _ = program.evaluate(context: context, fuel: 1000)
            }
        }
    }
}
