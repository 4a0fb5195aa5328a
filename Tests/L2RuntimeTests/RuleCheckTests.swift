import Testing

@testable import L2Runtime

@Suite("Rules safety, stratification and limits")
struct RuleCheckTests {
    @Test(
        "unsafe variables are rejected with the variable and its first place",
        arguments: [
            ("member(X).", "X", "1:8"),
            ("p(X) :- q(Y).", "X", "1:3"),
            ("p :- q(X), \\+ r(X, Y).", "Y", "1:20"),
            ("p :- q(X), Y > X.", "Y", "1:12"),
            ("p :- \\+ r(X).", "X", "1:11"),
            ("p(_) :- q(a).", "_", "1:1"),
            ("p :- q(X), X = _.", "_", "1:1"),
        ])
    func unsafe(source: String, variable: String, location: String) {
        let error = ruleError(source)
        guard case .unsafeVariable(_, let name, let clause) = error else {
            Issue.record("\(source): expected unsafeVariable, got \(String(describing: error))")
            return
        }
        #expect(name == variable)
        #expect(clause == 0)
        #expect(errorLocation(error) == location)
    }

    @Test("a comparison or negation written before its variables are bound is safe and moved after them")
    func reordering() throws {
        let source = "permit :- P >= 100, \\+ banned(S), subject(S), payment(P)."
        let ok = request("read", by: "a", extra: [RuleFact("payment", [.integer(100)])])
        #expect(try decide(source, ok) == .permitted(rule: 0))
        let low = request("read", by: "a", extra: [RuleFact("payment", [.integer(99)])])
        #expect(try decide(source, low) == .notPermitted)
    }

    @Test("negation through recursion is not stratifiable and names the predicates on the cycle")
    func notStratifiable() {
        #expect(ruleError("p :- \\+ q.\nq :- p.") == .notStratifiable(cycle: ["p/0", "q/0"]))
        #expect(ruleError("win(X) :- move(X, Y), \\+ win(Y).") == .notStratifiable(cycle: ["win/1"]))
        let longer = "a :- b.\nb :- c, x.\nc :- \\+ a.\nx.\nd :- \\+ a."
        #expect(ruleError(longer) == .notStratifiable(cycle: ["a/0", "b/0", "c/0"]))
        #expect(ruleError(longer)?.description.contains("a/0, b/0, c/0") == true)
        // Negation of a lower stratum, and positive recursion, are fine.
        #expect(ruleError("a :- \\+ b.\nb :- c.\nc :- b.") == nil)
    }

    @Test("size caps: source bytes, clauses, body literals, arity and term length")
    func limits() {
        let tight = RuleLimits(maxSourceBytes: 64, maxClauses: 2, maxBodyLiterals: 2, maxArity: 2, maxTermBytes: 5)
        #expect(
            ruleError(String(repeating: "a. ", count: 30), limits: tight)
                == .limitExceeded(.sourceBytes, limit: 64, at: nil))
        #expect(
            ruleError("a. b. c.", limits: tight) == .limitExceeded(.clauses, limit: 2, at: .init(line: 1, column: 7)))
        #expect(
            ruleError("a :- b, c, d.", limits: tight)
                == .limitExceeded(.bodyLiterals, limit: 2, at: .init(line: 1, column: 12)))
        #expect(
            ruleError("a(x, y, z).", limits: tight) == .limitExceeded(.arity, limit: 2, at: .init(line: 1, column: 9)))
        #expect(
            ruleError("abcdef.", limits: tight) == .limitExceeded(.termBytes, limit: 5, at: .init(line: 1, column: 1)))
        #expect(
            ruleError("a(\"abcdef\").", limits: tight)
                == .limitExceeded(.termBytes, limit: 5, at: .init(line: 1, column: 3)))
        #expect(ruleError("a :- b, c.", limits: tight) == nil)
        var bytes = Array("permit.".utf8)
        bytes.append(0xFF)
        #expect(throws: RuleError.invalidUTF8) { try RuleProgram.decode(bytes) }
    }
}
