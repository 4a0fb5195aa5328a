import Foundation
import Testing

/// Real `l1d` processes on 127.0.0.1: the network commits, survives a kill -9, and shuts down cleanly.
@Suite("L1 localnet end to end", .serialized)
struct LocalnetTests {
    @Test(
        "4 validators commit blocks and a transfer; one killed with SIGKILL restarts and catches up; SIGTERM exits 0"
    )
    func fourValidators() throws {
        let binary = try #require(LocalnetProcesses.locateBinary(), "l1d must be built next to the tests")
        let net = try LocalnetProcesses(validators: 4, binary: binary)
        for index in 0..<4 { try net.start(index) }
        #expect(
            net.wait(seconds: 40) { (0..<4).allSatisfy { net.height($0) >= 5 } }, "every validator reaches height 5")

        // A signed transfer through node 0's RPC lands in a block, and node 2's RPC shows the new balance.
        let rpc0 = "http://127.0.0.1:\(net.basePort + 1)"
        let rpc2 = "http://127.0.0.1:\(net.basePort + 21)"
        let added = try net.run(["keys", "add", "carol", "--home", net.home(0)])
        let carol = try #require(
            added.split(separator: "\t").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        let sent = try net.run(["tx", "send", "faucet", carol, "777", "--wait", "--home", net.home(0), "--node", rpc0])
        #expect(sent.contains("\"tx_result\""), "broadcast_tx_commit returns the result: \(sent)")
        let account = try net.run(["query", "account", carol, "--node", rpc2])
        #expect(account.contains("balance: 777"), "\(account)")

        // Kill one validator hard; the other three (3/4 of the power) keep committing.
        let before = net.height(1)
        net.stop(3, signal: SIGKILL)
        #expect(net.wait(seconds: 30) { net.height(1) >= before + 5 }, "three validators keep going")

        // It restarts from its WAL and block store and catches up.
        try net.start(3)
        let target = net.height(0) + 3
        #expect(net.wait(seconds: 40) { net.height(3) >= target }, "the restarted validator catches up")

        // SIGTERM: graceful shutdown, exit status 0.
        for index in 0..<4 {
            #expect(net.stop(index, signal: SIGTERM) == 0, "validator \(index) exits cleanly on SIGTERM")
        }
    }
}
