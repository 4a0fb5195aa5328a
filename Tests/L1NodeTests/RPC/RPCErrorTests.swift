import Foundation
import HTTPTypes
import L1App
import NIOCore
import Testing

@testable import L1Node

@Suite("RPC errors: malformed requests get JSON-RPC error objects, never a crash", .timeLimit(.minutes(1)))
struct RPCErrorTests {
    @Test("bad JSON, a non-request, an unknown method and a wrong version get -32700, -32600, -32601")
    func malformedRequests() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let notJSON = try await client.postJSON("{not json")
            #expect(notJSON.status == .ok)
            #expect(notJSON.errorCode == -32700)
            #expect(notJSON.object["id"] is NSNull)
            let number = try await client.postJSON("42")
            let noMethod = try await client.postJSON(#"{"jsonrpc":"2.0","id":1}"#)
            #expect(number.errorCode == -32600)
            #expect(noMethod.errorCode == -32600)
            let version = try await client.postJSON(#"{"jsonrpc":"1.0","id":5,"method":"health"}"#)
            #expect(version.errorCode == -32600)
            #expect(version.object["id"] as? Int == 5)
            let unknown = try await client.call("no_such_method")
            #expect(unknown.errorCode == -32601)
            #expect((unknown.object["error"] as? [String: Any])?["message"] as? String == "Method not found")
            let subscribe = try await client.call("subscribe", #"{"query":"tm.event='Tx'"}"#)
            #expect(subscribe.errorCode == -32601, "subscribe needs the websocket")

            let deep = try await client.postJSON(String(repeating: "[", count: 100_000))
            #expect(deep.errorCode == -32700, "deeply nested JSON is refused, not a stack overflow")
            let upgrade = try await client.getJSON("/websocket")
            #expect(upgrade.status == .badRequest)
            #expect(upgrade.errorCode == -32600)

            let route = try await client.getJSON("/no_such_route")
            #expect(route.status == .notFound)
            #expect(route.errorCode == -32601)
        }
    }

    @Test("bad heights, bad hex, bad hashes and missing params get -32602 with a clear message")
    func invalidParams() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let cases: [(String, String)] = [
                ("/block?height=0", "height must be greater than 0"),
                ("/block?height=-4", "height must be greater than 0"),
                ("/block?height=abc", "height must be a decimal integer"),
                ("/broadcast_tx_sync?tx=0xZZ", "tx is not valid hex"),
                ("/broadcast_tx_sync?tx=0102", "tx must be 0x-prefixed hex or a quoted string"),
                ("/broadcast_tx_sync", "missing required param tx"),
                ("/tx?hash=0x1234", "hash must be a 32-byte hash"),
                ("/tx", "missing required param hash"),
                ("/abci_query?data=0x01", "missing required param path"),
                ("/abci_query?path=%22/a%22&data=0xXY", "data must be hex"),
                ("/tx?hash=\(String(repeating: "0", count: 64))&prove=maybe", "prove must be true or false"),
            ]
            for (uri, message) in cases {
                let reply = try await client.getJSON(uri)
                #expect(reply.status == .badRequest, "\(uri)")
                #expect(reply.errorCode == -32602, "\(uri)")
                #expect(reply.errorData?.contains(message) == true, "\(uri): \(reply.errorData ?? "no data")")
            }
            let post = try await client.call("block", #"{"height":true}"#)
            #expect(post.status == .ok, "JSON-RPC errors travel in a 200 response")
            #expect(post.errorCode == -32602)
            let params = try await client.call("block", "5")
            #expect(params.errorCode == -32602)
            let base64 = try await client.call("broadcast_tx_sync", #"{"tx":"***"}"#)
            #expect(base64.errorData == "tx must be base64 or 0x-prefixed hex")
        }
    }

    @Test("backend conditions map to their stable codes")
    func backendErrors() async throws {
        var configuration = RPCConfiguration(port: 0)
        configuration.broadcastTxCommitTimeout = .milliseconds(200)
        let harness = try RPCTestHarness(configuration: configuration)
        try await harness.withClient { client in
            let future = try await client.getJSON("/block?height=99")
            #expect(future.errorCode == -32001)
            #expect(
                future.errorData == "height 99 must be less than or equal to the current blockchain height 3")
            let missing = try await client.getJSON("/tx?hash=\(String(repeating: "AB", count: 32))")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == -32002)

            harness.backend.state.withLock { $0.commitOnAdmit = false }
            let timeout = try await client.getJSON("/broadcast_tx_commit?tx=0x0909")
            #expect(timeout.errorCode == -32006)
            #expect(timeout.status == .gatewayTimeout)

            harness.backend.state.withLock { $0.healthy = false }
            let health = try await client.getJSON("/health")
            #expect(health.status == .serviceUnavailable)
            #expect(health.errorCode == -32005)
        }
    }

    @Test("the server binds 127.0.0.1 unless told otherwise, with CometBFT's port and stated limits")
    func defaults() {
        let configuration = RPCConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 26657)
        #expect(configuration.maxBodyBytes == 1 << 20)
        #expect(configuration.broadcastTxCommitTimeout == .seconds(10))
    }

    @Test("a body over the cap gets 413 and a JSON-RPC error; other HTTP methods get 405")
    func limits() async throws {
        let harness = try RPCTestHarness(configuration: RPCConfiguration(port: 0, maxBodyBytes: 1024))
        try await harness.withClient { client in
            let big =
                #"{"jsonrpc":"2.0","id":1,"method":"broadcast_tx_sync","params":{"tx":"0x"#
                + String(repeating: "00", count: 1024) + #""}}"#
            let tooLarge = try await client.postJSON(big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorCode == -32600)
            #expect(tooLarge.errorData == "request body larger than 1024 bytes")

            let delete = try JSONReply(try await client.execute(uri: "/status", method: .delete))
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.errorCode == -32600)
            let elsewhere = try await client.execute(uri: "/status", method: .post, body: ByteBuffer(string: "{}"))
            #expect(elsewhere.status == .methodNotAllowed)

            let afterwards = try await client.getJSON("/health")
            #expect(afterwards.status == .ok, "the server still serves after refusals")
        }
    }
}
