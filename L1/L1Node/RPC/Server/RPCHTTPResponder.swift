import Hummingbird
import Logging
import NIOCore

/// Turns HTTP requests into dispatcher calls: `GET /<method>?<params>`, JSON-RPC `POST /`, `GET /metrics`, and
/// the refusals (body too large, wrong HTTP method, websocket route without an upgrade). Every answer is JSON
/// except `/metrics` and `/`; nothing a client sends escapes as a thrown error.
struct RPCHTTPResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let server: RPCServer

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        switch request.method {
        case .post, .put:
            guard path == "/" else {
                return Self.json(status: 405, error: RPCError(.invalidRequest, "JSON-RPC requests are POSTed to /"))
            }
            return await jsonRPC(request)
        case .get, .head:
            return await get(request, path: path)
        default:
            return Self.json(
                status: 405, error: RPCError(.invalidRequest, "use GET /<method>?<params> or a JSON-RPC POST to /"))
        }
    }

    private func jsonRPC(_ request: Request) async -> Response {
        let cap = server.configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > cap {
            return Self.tooLarge(cap: cap)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: cap)
        } catch is NIOTooManyBytesError {
            return Self.tooLarge(cap: cap)
        } catch {
            return Self.json(status: 400, error: RPCError(.invalidRequest, "could not read the request body"))
        }
        let response = await server.dispatcher.handleJSONRPC(body: Array(body.readableBytesView))
        return Self.json(status: 200, body: response)
    }

    private func get(_ request: Request, path: String) async -> Response {
        switch path {
        case "/":
            let routes = RPCMethod.allCases.filter { !$0.isWebSocketOnly }.map { "/\($0.rawValue)" }
            let text = (routes + ["/websocket", "/metrics"]).joined(separator: "\n") + "\n"
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case "/metrics":
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: server.metrics.exposition())))
        case "/websocket", "/subscribe":
            guard server.webSockets.hasRoom else {
                return Self.json(status: 503, error: RPCError(.limitReached, "too many websocket connections"))
            }
            return Self.json(
                status: 400,
                error: RPCError(.invalidRequest, "\(path) needs a websocket upgrade (ws://host:port\(path))"))
        default:
            let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
            let (status, body) = await server.dispatcher.handleURI(path: path, query: query)
            return Self.json(status: status, body: body)
        }
    }

    private static func tooLarge(cap: Int) -> Response {
        json(status: 413, error: RPCError(.invalidRequest, "request body larger than \(cap) bytes"))
    }

    private static func json(status: Int, error: RPCError) -> Response {
        json(status: status, body: JSONRPCEnvelope.failure(id: .null, error: error))
    }

    private static func json(status: Int, body: [UInt8]) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
