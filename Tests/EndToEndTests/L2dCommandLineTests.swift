import Foundation
import Testing

/// `l2d tx` and `l2d load` as an operator runs them, against a real `l2d start` on loopback.
@Suite("l2d command line against a real sequencer", .serialized)
struct L2dCommandLineTests {
    @Test(
        "tx prints the confirmation and the ids, a grant verifies on the sequencer key, a failed tx exits 2 with its reason; a short load is all confirmed"
    )
    func txAndLoad() async throws {
        let binary = try #require(SequencerProcess.locateBinary(), "l2d must be built next to the tests")
        let root = NSTemporaryDirectory() + "strata-l2d-cli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let port = try #require(freeLoopbackPort(), "a free port on 127.0.0.1")
        let node = SequencerProcess(binary: binary, root: root, port: port)
        try node.run(["init", "--home", node.home, "--http-laddr", "127.0.0.1:\(port)", "--block-interval-ms", "50"])
        try node.start()
        defer { node.stop(signal: SIGTERM) }
        #expect(await node.waitUntilServing() != nil, "l2d serves: \(node.logTail())")
        let common = ["--home", node.home, "--node", node.url]

        let rules = root + "/rules.pl"
        try Data("permit.\n".utf8).write(to: URL(fileURLWithPath: rules))
        let stored = try Self.json(node.run(["tx", "store-program", "faucet", rules] + common))
        #expect(stored["status"] as? String == "success")
        let program = try #require(stored["program_id"] as? String)
        let zone = try Self.json(node.run(["tx", "found-zone", "faucet", "--rules", program] + common))
        #expect(zone["status"] as? String == "success")
        #expect((zone["zone_id"] as? String)?.count == 64)
        try await Self.grantVerified(node, zone: try #require(zone["zone_id"] as? String), program: program)

        // Confirmed but failed: exit 2 with the reason named.
        do {
            try node.run(["tx", "cancel-execution", "faucet", String(repeating: "ab", count: 32)] + common)
            Issue.record("a cancel of an unknown execution exited 0")
        } catch let error as NSError {
            #expect(error.code == 2)
            #expect(error.localizedDescription.contains("\"reason_name\" : \"unknownExecution\""))
        }

        let output = try node.run(
            [
                "load", "--rate", "400", "--duration", "1", "--batch", "20", "--concurrency", "2", "--accounts", "40",
                "--zones", "2", "--resources", "4", "--engines", "1", "--fee", "0",
            ] + common)
        let final = try #require(output.split(separator: "\n").last { $0.hasPrefix("final:") }, "\(output)")
        #expect(final.contains("failed 0  refused 0"), "\(output)")

        // Stopped gracefully, the sequencer has batched every block: l2d verify rebuilds its state from the
        // genesis and the batches alone. The load's last transactions are confirmed before their block seals:
        // wait for the open block to seal and the tip to settle.
        var (tip, stateRoot) = (-1, "")
        for _ in 0..<60 {
            let status = try #require(await node.request("GET", "/v1/status")?.json)
            let latest = try #require(status["latest_block"] as? Int)
            if status["open_block_txs"] as? Int == 0, latest == tip { break }
            (tip, stateRoot) = (latest, try #require(status["latest_state_root"] as? String))
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(node.stop(signal: SIGTERM) == 0, "SIGTERM exits cleanly: \(node.logTail())")
        let verified = try node.run(["verify", "--home", node.home])
        let summary = try #require(verified.split(separator: "\n").last, "\(verified)")
        #expect(summary.hasPrefix("verified ") && summary.contains("blocks 1...\(tip),"), "\(verified)")
        #expect(summary.contains("final state root \(stateRoot)"), "\(verified)")
        try resumesVerification(node, tip: tip, stateRoot: stateRoot)
        // One byte changed in the first batch: INVALID, exit 1.
        let batches = node.home + "/data/batches"
        let first = try #require(
            try FileManager.default.contentsOfDirectory(atPath: batches).sorted().first { $0.hasSuffix(".data") })
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: batches + "/" + first)))
        bytes[bytes.count - 1] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: batches + "/" + first))
        do {
            _ = try node.run(["verify", "--home", node.home])
            Issue.record("a changed batch verified")
        } catch let error as NSError {
            #expect(error.code == 1)
            #expect(error.localizedDescription.contains("batch 0: INVALID: batch 0's bytes do not hash"))
        }
    }

    /// `l2d verify --state-dir` with the last batch held back, then with it: the second run resumes after the
    /// first's last batch, verifies only the held-back one, and ends at the sequencer's state root.
    func resumesVerification(_ node: SequencerProcess, tip: Int, stateRoot: String) throws {
        let batches = node.home + "/data/batches"
        let names = try FileManager.default.contentsOfDirectory(atPath: batches)
        let last = try #require(
            names.compactMap { name -> Int? in
                guard name.hasPrefix("batch-"), name.hasSuffix(".commitment") else { return nil }
                return Int(name.dropFirst("batch-".count).dropLast(".commitment".count))
            }.max())
        let held = names.filter { $0.hasPrefix("batch-") && Int($0.dropFirst(6).prefix { $0.isNumber }) == last }
        let aside = node.home + "/held-back"
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
        for name in held { try FileManager.default.moveItem(atPath: batches + "/" + name, toPath: aside + "/" + name) }
        let stateDir = node.home + "/verifier"
        let before = try node.run(["verify", "--home", node.home, "--state-dir", stateDir])
        for name in held { try FileManager.default.moveItem(atPath: aside + "/" + name, toPath: batches + "/" + name) }
        let after = try node.run(["verify", "--home", node.home, "--state-dir", stateDir])
        let resumedFrom = last == 0 ? "the genesis" : "batch \(last - 1)"
        #expect(after.contains("resuming after \(resumedFrom)"), "\(before)\n\(after)")
        let summary = try #require(after.split(separator: "\n").last, "\(after)")
        #expect(summary.hasPrefix("verified 1 batch from") && summary.contains("...\(tip),"), "\(after)")
        #expect(summary.contains("final state root \(stateRoot)"), "\(after)")
        let again = try node.run(["verify", "--home", node.home, "--state-dir", stateDir])
        #expect(again.contains("no new batches"), "\(again)")
    }

    /// The walkthrough of docs/l2-sequencer.md to an execution, then its grant verified on the sequencer's key
    /// alone by `l2d query grant --sequencer`; a wrong chain id is NOT verified and exits 1.
    static func grantVerified(_ node: SequencerProcess, zone: String, program: String) async throws {
        let common = ["--home", node.home, "--node", node.url]
        func created(_ arguments: [String], _ field: String) throws -> String {
            let answer = try json(node.run(["tx"] + arguments + common))
            #expect(answer["status"] as? String == "success", "\(arguments)")
            return try #require(answer[field] as? String, "\(answer)")
        }
        let dataset = try created(
            [
                "register-resource", "faucet", "--kind", "dataset", "--endpoint", "https://d.example", "--consent",
                program,
            ],
            "resource_id")
        _ = try json(node.run(["tx", "join-zone", "faucet", zone, "--resource", dataset] + common))
        let engine = try created(
            [
                "register-resource", "faucet", "--kind", "workflow-engine", "--endpoint", "wss://e.example",
                "--consent", program,
            ], "resource_id")
        _ = try json(node.run(["tx", "join-zone", "faucet", zone, "--resource", engine] + common))
        let execution = try created(
            [
                "request-execution", "faucet", "--zone", zone, "--engine", engine, "--resource", dataset, "--payment",
                "100",
            ],
            "execution_id")
        let status = try #require(await node.request("GET", "/v1/status")?.json)
        let key = try #require(status["sequencer"] as? String)
        let chainID = try #require(status["chain_id"] as? String)
        // The execution's block is sealed within the block interval; the grant is read at the latest sealed block.
        var output = ""
        for _ in 0..<40 {
            output =
                (try? node.run(
                    [
                        "query", "grant", execution, dataset, "--node", node.url, "--sequencer", key, "--chain-id",
                        chainID,
                    ]))
                ?? ""
            if output.contains("verified: granted until") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(output.contains("verified: granted until"), "\(output)")
        do {
            try node.run(
                ["query", "grant", execution, dataset, "--node", node.url, "--sequencer", key, "--chain-id", "other"])
            Issue.record("a grant verified on another chain id")
        } catch let error as NSError {
            #expect(error.code == 1)
            #expect(error.localizedDescription.contains("NOT verified: the block attestation"))
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }
}
