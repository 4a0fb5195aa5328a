import Common
import Foundation
import Testing

@testable import L1Node

@Suite("RPC JSON-RPC POST: same results as GET, ids, positional params, batches", .timeLimit(.minutes(1)))
struct RPCJSONRPCTests {
    /// Compares `result` of a GET and of the equivalent POST.
    private func sameResult(_ get: JSONReply, _ post: JSONReply) -> Bool {
        guard !get.result.isEmpty,
            let a = try? JSONSerialization.data(withJSONObject: get.result, options: .sortedKeys),
            let b = try? JSONSerialization.data(withJSONObject: post.result, options: .sortedKeys)
        else { return false }
        return a == b
    }

    @Test("every read route gives the same result over GET and POST")
    func getPostEquivalence() async throws {
        let harness = try RPCTestHarness()
        let hash = RPCEncoding.hex(Hash.blake2b(Array("tx-1-0".utf8)))
        let pairs: [(String, String, String)] = [
            ("/status", "status", "{}"),
            ("/net_info", "net_info", "{}"),
            ("/block?height=2", "block", #"{"height":"2"}"#),
            ("/block_results?height=2", "block_results", #"{"height":2}"#),
            ("/commit?height=1", "commit", #"{"height":"1"}"#),
            ("/validators?page=1&per_page=2", "validators", #"{"page":"1","per_page":"2"}"#),
            ("/genesis", "genesis", "{}"),
            ("/tx?hash=0x\(hash)&prove=true", "tx", #"{"hash":"\#(hash)","prove":true}"#),
            ("/abci_query?path=%22/account%22&data=0x01", "abci_query", #"{"path":"/account","data":"01"}"#),
            ("/num_unconfirmed_txs", "num_unconfirmed_txs", "{}"),
            ("/unconfirmed_txs", "unconfirmed_txs", #"{"limit":"10"}"#),
        ]
        try await harness.withClient { client in
            for (uri, method, params) in pairs {
                let get = try await client.getJSON(uri)
                let post = try await client.call(method, params)
                #expect(post.status == .ok)
                #expect(sameResult(get, post), "\(method): GET and POST differ")
            }
        }
    }

    @Test("the response echoes the request id: number, string or null")
    func ids() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let number = try await client.call("health", id: "7")
            let string = try await client.call("health", id: #""abc""#)
            let null = try await client.call("health", id: "null")
            #expect(number.object["id"] as? Int == 7)
            #expect(string.object["id"] as? String == "abc")
            #expect(null.object["id"] is NSNull)
        }
    }

    @Test("positional params follow CometBFT's parameter order; transactions may be base64 or 0x-hex")
    func positionalParams() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let named = try await client.call("validators", #"{"height":"1","page":"2","per_page":"1"}"#)
            let positional = try await client.call("validators", #"["1","2","1"]"#)
            #expect(sameResult(named, positional))
            harness.backend.state.withLock { $0.commitOnAdmit = false }
            let base64 = try await client.call("broadcast_tx_sync", #"{"tx":"AQI="}"#)
            let hex = try await client.call("broadcast_tx_sync", #"["0x0102"]"#)
            #expect(base64.result["hash"] as? String == hex.result["hash"] as? String)
            let tooMany = try await client.call("block", #"["1","2"]"#)
            #expect(tooMany.errorCode == -32602)
        }
    }

    @Test("a batch is answered with an array of responses in order")
    func batch() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let body =
                #"[{"jsonrpc":"2.0","id":1,"method":"health"},{"jsonrpc":"2.0","id":2,"method":"nope"}]"#
            let response = try await client.execute(
                uri: "/", method: .post, headers: [.contentType: "application/json"], body: .init(string: body))
            let array = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
            #expect(array.count == 2)
            #expect(array[0]["id"] as? Int == 1)
            #expect(array[0]["result"] != nil)
            #expect((array[1]["error"] as? [String: Any])?["code"] as? Int == -32601)
            let empty = try await client.postJSON("[]")
            #expect(empty.errorCode == -32600)
        }
    }
}
