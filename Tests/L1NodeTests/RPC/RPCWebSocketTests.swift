import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Synchronization
import TestSupport
import Testing

@testable import L1Node

@Suite("RPC websocket: subscriptions to NewBlock and Tx events", .timeLimit(.minutes(1)))
struct RPCWebSocketTests {
    /// The next text message.
    private static func next(_ messages: inout WebSocketInboundMessageStream.AsyncIterator) async throws -> String {
        guard case .text(let text)? = try await messages.next() else { throw RPCWebSocketTestError.closed }
        return text
    }

    /// A text message as a JSON object.
    private static func object(_ text: String?) throws -> [String: Any] {
        let text = try #require(text)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("a NewBlock subscriber receives the block the backend publishes")
    func newBlock() async throws {
        let harness = try RPCTestHarness()
        let received = Mutex<String?>(nil)
        try await harness.withClient { client in
            try await client.ws("/websocket") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                try await outbound.write(
                    .text(
                        #"{"jsonrpc":"2.0","id":"sub-1","method":"subscribe","params":{"query":"tm.event='NewBlock'"}}"#
                    ))
                let ack = try Self.object(try await Self.next(&messages))
                #expect(ack["id"] as? String == "sub-1")
                #expect((ack["result"] as? [String: Any])?.isEmpty == true)
                harness.backend.commitBlock([[7, 7, 7]])
                let event = try await Self.next(&messages)
                received.withLock { $0 = event }
            }
        }
        let event = try Self.object(received.withLock { $0 })
        #expect(
            try await eventually { harness.backend.feed.subscriberCount == 0 },
            "a closed connection gives its event stream back")
        #expect(event["id"] as? String == "sub-1", "events carry the subscribe request's id")
        let result = try #require(event["result"] as? [String: Any])
        #expect(keys(result) == ["query", "data", "events"])
        #expect(result["query"] as? String == "tm.event='NewBlock'")
        let data = try #require(result["data"] as? [String: Any])
        #expect(data["type"] as? String == "tendermint/event/NewBlock")
        let value = try #require(data["value"] as? [String: Any])
        #expect(keys(value) == ["block", "block_id", "result_finalize_block"])
        let header = try #require((value["block"] as? [String: Any])?["header"] as? [String: Any])
        #expect(header["height"] as? String == "4")
        #expect((result["events"] as? [String: [String]])?["tm.event"] == ["NewBlock"])
    }

    @Test("a Tx subscription with an attribute condition gets only the matching transaction")
    func txQuery() async throws {
        let harness = try RPCTestHarness()
        let received = Mutex<String?>(nil)
        try await harness.withClient { client in
            try await client.ws("/subscribe") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                let query = "tm.event='Tx' AND transfer.sender='sender-4-1'"
                try await outbound.write(
                    .text(#"{"jsonrpc":"2.0","id":3,"method":"subscribe","params":{"query":"\#(query)"}}"#))
                _ = try await Self.next(&messages)
                harness.backend.commitBlock([[1], [2], [3]])
                let event = try await Self.next(&messages)
                received.withLock { $0 = event }
            }
        }
        let event = try Self.object(received.withLock { $0 })
        let data = try #require((event["result"] as? [String: Any])?["data"] as? [String: Any])
        #expect(data["type"] as? String == "tendermint/event/Tx")
        let txResult = try #require((data["value"] as? [String: Any])?["TxResult"] as? [String: Any])
        #expect(keys(txResult) == ["height", "index", "tx", "result"])
        #expect(txResult["index"] as? Int == 1, "only the transaction whose sender matched")
        #expect(txResult["tx"] as? String == "Ag==")
    }

    @Test("the socket serves plain methods, refuses bad queries and caps subscriptions per connection")
    func requestsAndLimits() async throws {
        var configuration = RPCConfiguration(port: 0)
        configuration.maxSubscriptionsPerClient = 1
        let harness = try RPCTestHarness(configuration: configuration)
        let replies = Mutex<[String]>([])
        try await harness.withClient { client in
            try await client.ws("/websocket") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                let requests = [
                    #"{"jsonrpc":"2.0","id":1,"method":"status"}"#,
                    #"{"jsonrpc":"2.0","id":2,"method":"subscribe","params":{"query":"tm.event>'Tx'"}}"#,
                    #"{"jsonrpc":"2.0","id":3,"method":"subscribe","params":{"query":"tm.event='Tx'"}}"#,
                    #"{"jsonrpc":"2.0","id":4,"method":"subscribe","params":{"query":"tm.event='NewBlock'"}}"#,
                    #"{"jsonrpc":"2.0","id":5,"method":"unsubscribe","params":{"query":"tm.event='Tx'"}}"#,
                    #"{"jsonrpc":"2.0","id":6,"method":"unsubscribe","params":{"query":"tm.event='Tx'"}}"#,
                    "not json",
                ]
                for request in requests {
                    try await outbound.write(.text(request))
                    let reply = try await Self.next(&messages)
                    replies.withLock { $0.append(reply) }
                }
            }
        }
        let all = try replies.withLock { $0 }.map { try Self.object($0) }
        try #require(all.count == 7)
        #expect(keys(all[0]["result"]).contains("sync_info"))
        let codes = all.map { ($0["error"] as? [String: Any])?["code"] as? Int }
        #expect(codes == [nil, -32602, nil, -32007, nil, -32602, -32700])
    }

    @Test("websocket connections over the cap are refused with a -32007 error")
    func subscriberCap() async throws {
        var configuration = RPCConfiguration(port: 0)
        configuration.maxWebSocketSubscribers = 0
        let harness = try RPCTestHarness(configuration: configuration)
        try await harness.withClient { client in
            let reply = try await client.getJSON("/websocket")
            #expect(reply.status == .serviceUnavailable)
            #expect(reply.errorCode == -32007)
        }
    }
}

enum RPCWebSocketTestError: Error { case closed }
