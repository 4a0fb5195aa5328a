import Testing

@testable import l2d

@Suite("l2d query grant: verifying options are refused when parsed unless they make a whole check")
struct QueryCommandTests {
    static let id = String(repeating: "ab", count: 32)
    static let key = "84bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0"

    @Test(
        "options without --sequencer, a bad key or id, and --sequencer without --chain-id are refused",
        arguments: [
            (["--chain-id", "c"], "--chain-id and --engine verify the answer: give --sequencer too"),
            (["--engine", id], "--chain-id and --engine verify the answer: give --sequencer too"),
            (["--sequencer", key], "--sequencer needs --chain-id"),
            (["--sequencer", "zz", "--chain-id", "c"], "--sequencer"),
            (["--sequencer", key, "--chain-id", "c", "--engine", "12"], "--engine \"12\" must be 64 hex digits"),
        ])
    func refused(options: [String], message: String) {
        do {
            _ = try L2d.parseAsRoot(["query", "grant", Self.id, Self.id] + options)
            Issue.record("\(options) was accepted")
        } catch {
            #expect(L2d.message(for: error).contains(message), "\(L2d.message(for: error))")
        }
    }

    @Test("a bad execution id is refused before anything is sent when the answer is to be verified")
    func badID() {
        #expect(throws: (any Error).self) {
            try L2d.parseAsRoot(["query", "grant", "12", Self.id, "--sequencer", Self.key, "--chain-id", "c"])
        }
        #expect(throws: Never.self) {
            try L2d.parseAsRoot(["query", "grant", Self.id, Self.id, "--sequencer", Self.key, "--chain-id", "c"])
        }
    }
}
