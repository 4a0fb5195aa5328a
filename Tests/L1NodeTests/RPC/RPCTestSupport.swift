import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import L1Node

/// A server on 127.0.0.1, port 0, over a fake backend, and small helpers to read its JSON.
struct RPCTestHarness {
    let backend: RPCFakeBackend
    let server: RPCServer
    let metrics: NodeMetrics

    init(configuration: RPCConfiguration = RPCConfiguration(port: 0), backend: RPCFakeBackend? = nil) throws {
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        self.backend = try backend ?? RPCFakeBackend()
        metrics = NodeMetrics()
        var logger = Logger(label: "strata.rpc.test")
        logger.logLevel = .critical
        server = RPCServer(backend: self.backend, metrics: metrics, configuration: configuration, logger: logger)
    }

    /// Runs `body` with a client of a live server.
    func withClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await server.makeApplication().test(.live) { client in try await body(client) }
    }
}

/// A decoded JSON response.
struct JSONReply: @unchecked Sendable {
    let status: HTTPResponse.Status
    let object: [String: Any]

    init(_ response: TestResponse) throws {
        status = response.status
        let data = Data(response.body.readableBytesView)
        object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object")
    }

    /// The `result` object.
    var result: [String: Any] { (object["result"] as? [String: Any]) ?? [:] }

    /// The `error` object's code, or nil.
    var errorCode: Int? { (object["error"] as? [String: Any])?["code"] as? Int }

    /// The `error` object's data, or nil.
    var errorData: String? { (object["error"] as? [String: Any])?["data"] as? String }
}

extension TestClientProtocol {
    /// `GET uri`, decoded.
    func getJSON(_ uri: String) async throws -> JSONReply {
        try JSONReply(try await execute(uri: uri, method: .get))
    }

    /// `POST /` with `body`, decoded.
    func postJSON(_ body: String) async throws -> JSONReply {
        try JSONReply(
            try await execute(
                uri: "/", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)))
    }

    /// `POST /` with a JSON-RPC request for `method` and `params` (a JSON text).
    func call(_ method: String, _ params: String = "{}", id: String = "1") async throws -> JSONReply {
        try await postJSON(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
    }
}

/// The keys of a JSON object, as a set.
func keys(_ object: Any?) -> Set<String> {
    Set((object as? [String: Any])?.keys.map { $0 } ?? [])
}

/// Whether `text` is upper-case hex of `bytes` bytes.
func isUpperHex(_ text: Any?, bytes: Int) -> Bool {
    guard let text = text as? String else { return false }
    return text.count == 2 * bytes && text.allSatisfy { "0123456789ABCDEF".contains($0) }
}
