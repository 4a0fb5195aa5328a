import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Serves RPC methods without knowing the transport: the HTTP responder and the websocket session both hand it
/// a method and parameters and get encoded JSON back. Every failure becomes an ``RPCError``; nothing a client
/// sends can make it trap.
struct RPCDispatcher: Sendable {
    let backend: any RPCBackend
    let configuration: RPCConfiguration
    let logger: Logger

    /// The most requests one JSON-RPC batch may carry.
    static let maxBatchRequests = 20

    /// Answers a JSON-RPC POST body: one request object, or a batch (array) of up to ``maxBatchRequests``.
    func handleJSONRPC(body: [UInt8]) async -> [UInt8] {
        let value: JSONValue
        switch JSONRPCEnvelope.parse(body) {
        case .success(let parsed): value = parsed
        case .failure(let error): return JSONRPCEnvelope.failure(id: .null, error: error)
        }
        guard case .array(let requests) = value else { return await handleOne(value, webSocket: false) }
        guard !requests.isEmpty, requests.count <= Self.maxBatchRequests else {
            let error = RPCError(
                .invalidRequest, "a batch must hold 1 to \(Self.maxBatchRequests) requests, got \(requests.count)")
            return JSONRPCEnvelope.failure(id: .null, error: error)
        }
        var responses: [[UInt8]] = []
        for request in requests { responses.append(await handleOne(request, webSocket: false)) }
        return JSONRPCEnvelope.batch(responses)
    }

    /// Answers one JSON-RPC request object (websocket sessions handle their own subscription methods first).
    func handleOne(_ value: JSONValue, webSocket: Bool) async -> [UInt8] {
        let request: JSONRPCEnvelope.Request
        switch JSONRPCEnvelope.request(from: value) {
        case .success(let parsed): request = parsed
        case .failure(let failure): return JSONRPCEnvelope.failure(id: failure.id, error: failure.error)
        }
        do {
            let method = try Self.method(named: request.method, webSocket: webSocket)
            let params = try RPCParams(json: request.params, method: method)
            return JSONRPCEnvelope.success(id: request.id, result: try await call(method, params))
        } catch {
            log(error, method: request.method)
            return JSONRPCEnvelope.failure(id: request.id, error: error)
        }
    }

    /// Answers `GET /<path>?<query>`: the HTTP status (200, or the error's) and the response body.
    func handleURI(path: String, query: [(String, String)]) async -> (status: Int, body: [UInt8]) {
        let name = path.hasPrefix("/") ? String(path.dropFirst()) : path
        do {
            let method = try Self.method(named: name, webSocket: false)
            let params = try RPCParams(uriQuery: query)
            let result = try await call(method, params)
            return (200, JSONRPCEnvelope.success(id: JSONRPCEnvelope.uriRequestID, result: result))
        } catch {
            log(error, method: name)
            return (error.code.httpStatus, JSONRPCEnvelope.failure(id: JSONRPCEnvelope.uriRequestID, error: error))
        }
    }

    /// The method named `name`; subscription methods only on a websocket.
    static func method(named name: String, webSocket: Bool) throws(RPCError) -> RPCMethod {
        guard let method = RPCMethod(rawValue: name) else {
            throw RPCError(.methodNotFound, "no method named \"\(name.prefix(64))\"; docs/rpc.md lists them")
        }
        guard webSocket || !method.isWebSocketOnly else {
            throw RPCError(.methodNotFound, "\(name) is only available on the websocket (/websocket)")
        }
        return method
    }

    /// Runs `method` and returns its encoded `result`.
    func call(_ method: RPCMethod, _ params: RPCParams) async throws(RPCError) -> [UInt8] {
        switch method {
        case .health: return try await health()
        case .status: return try await status()
        case .netInfo: return try await netInfo()
        case .genesis: return try await genesis()
        case .block: return try await block(params)
        case .blockResults: return try await blockResults(params)
        case .commit: return try await commit(params)
        case .validators: return try await validators(params)
        case .broadcastTxSync: return try await broadcastTxSync(params)
        case .broadcastTxAsync: return try await broadcastTxAsync(params)
        case .broadcastTxCommit: return try await broadcastTxCommit(params)
        case .tx: return try await tx(params)
        case .abciQuery: return try await abciQuery(params)
        case .unconfirmedTxs: return try await unconfirmedTxs(params)
        case .numUnconfirmedTxs: return try await numUnconfirmedTxs()
        case .subscribe, .unsubscribe, .unsubscribeAll:
            throw RPCError(.methodNotFound, "\(method.rawValue) is only available on the websocket (/websocket)")
        }
    }

    /// Runs a backend call, turning its error into the RPC error for it.
    func run<T>(_ operation: () async throws(RPCBackendError) -> T) async throws(RPCError) -> T {
        do { return try await operation() } catch { throw RPCError(error) }
    }

    /// Encodes a result model.
    func encode(_ value: some Encodable) throws(RPCError) -> [UInt8] {
        do { return Array(try JSONEncoder.rpc.encode(value)) } catch {
            throw RPCError(.internalError, "could not encode the result: \(error)")
        }
    }

    private func log(_ error: RPCError, method: String) {
        let metadata: Logger.Metadata = [
            "method": "\(method.prefix(64))", "code": "\(error.code.rawValue)", "error": "\(error.data)",
        ]
        if error.code == .internalError {
            logger.warning("RPC request failed", metadata: metadata)
        } else {
            logger.debug("RPC request refused", metadata: metadata)
        }
    }
}
