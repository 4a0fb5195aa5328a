/// A JSON-RPC error code. The first five are JSON-RPC 2.0's (and CometBFT's); the others are in the range the
/// specification leaves to servers and name conditions a client may want to tell apart. Codes never change.
public enum RPCErrorCode: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The body is not JSON.
    case parseError = -32700
    /// The JSON is not a JSON-RPC request (no method, wrong `jsonrpc`, body too large, unsupported batch).
    case invalidRequest = -32600
    /// No route or method of that name.
    case methodNotFound = -32601
    /// A parameter is missing, of the wrong type, malformed (bad hex, bad height) or out of range.
    case invalidParams = -32602
    /// The node failed while serving the request.
    case internalError = -32603
    /// The height is above the latest block, below the lowest stored one, or no block exists yet.
    case heightUnavailable = -32001
    /// The transaction or other item asked for does not exist.
    case notFound = -32002
    /// The mempool or ingest queue is full.
    case mempoolFull = -32003
    /// The transaction is already in the mempool or was seen recently.
    case alreadyKnown = -32004
    /// The node cannot serve this now (starting, stopping, catching up, unhealthy).
    case unavailable = -32005
    /// `broadcast_tx_commit` did not see the transaction committed within its timeout.
    case timeout = -32006
    /// A server limit was reached (subscriptions, subscribers).
    case limitReached = -32007

    /// The error object's `message`: the standard phrase for the code.
    public var description: String {
        switch self {
        case .parseError: "Parse error"
        case .invalidRequest: "Invalid Request"
        case .methodNotFound: "Method not found"
        case .invalidParams: "Invalid params"
        case .internalError: "Internal error"
        case .heightUnavailable: "Height not available"
        case .notFound: "Not found"
        case .mempoolFull: "Mempool full"
        case .alreadyKnown: "Already known"
        case .unavailable: "Unavailable"
        case .timeout: "Timed out"
        case .limitReached: "Limit reached"
        }
    }

    /// The HTTP status a GET (URI) request gets with this error; JSON-RPC POST requests always get 200.
    public var httpStatus: Int {
        switch self {
        case .parseError, .invalidRequest, .invalidParams, .heightUnavailable: 400
        case .methodNotFound, .notFound: 404
        case .alreadyKnown: 409
        case .mempoolFull, .unavailable, .limitReached: 503
        case .timeout: 504
        case .internalError: 500
        }
    }
}

/// A JSON-RPC error object: `{"code": -32602, "message": "Invalid params", "data": "height must be > 0"}`.
/// `message` is the code's standard phrase; `data` says what was wrong and what to do.
public struct RPCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The code.
    public var code: RPCErrorCode
    /// What was wrong, in a sentence.
    public var data: String

    /// An error with `code` and the explanation `data`.
    public init(_ code: RPCErrorCode, _ data: String) {
        self.code = code
        self.data = data
    }

    /// The standard phrase of ``code``.
    public var message: String { code.description }

    /// `message: data`.
    public var description: String { "\(message): \(data)" }

    /// The error a backend failure is reported as.
    public init(_ error: RPCBackendError) {
        switch error {
        case .heightInFuture, .heightPruned, .noBlocks: self.init(.heightUnavailable, error.description)
        case .notFound: self.init(.notFound, error.description)
        case .mempoolFull: self.init(.mempoolFull, error.description)
        case .alreadyKnown: self.init(.alreadyKnown, error.description)
        case .unavailable: self.init(.unavailable, error.description)
        case .internalFailure: self.init(.internalError, error.description)
        }
    }

    static func invalidParams(_ data: String) -> RPCError { RPCError(.invalidParams, data) }
}
