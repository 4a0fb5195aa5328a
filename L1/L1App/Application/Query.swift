import Common

/// A read of the committed state (ABCI `Query`).
public struct QueryRequest: Sendable {
    /// What to read, e.g. `/account/strata1...` or `/params`.
    public var path: String
    /// Extra input for paths that take it (none do yet).
    public var data: [UInt8]
    /// The height whose state to read; 0 means the latest committed height.
    public var height: UInt64
    /// Whether to return a ``StateProof`` of the value against that height's app hash.
    public var prove: Bool

    /// Creates a request.
    public init(path: String, data: [UInt8] = [], height: UInt64 = 0, prove: Bool = false) {
        self.path = path
        self.data = data
        self.height = height
        self.prove = prove
    }
}

/// The answer to a ``QueryRequest``.
public struct QueryResponse: Hashable, Sendable {
    /// ``ResultCode/ok``, or why the query failed (unknown path, malformed input, unavailable height).
    public var code: ResultCode
    /// Empty on success; otherwise what was wrong.
    public var log: String
    /// The 32-byte state path that was read (``StateKey/path``); empty when the query failed.
    public var key: [UInt8]
    /// The value stored at ``key`` in its canonical encoding, or `nil` if nothing is stored there.
    public var value: [UInt8]?
    /// When asked for: the proof of ``value`` (or of its absence) at ``key`` against the app hash of ``height``.
    public var proof: StateProof?
    /// The height whose state answered.
    public var height: UInt64

    /// Creates a response.
    public init(code: ResultCode, log: String, key: [UInt8], value: [UInt8]?, proof: StateProof?, height: UInt64) {
        self.code = code
        self.log = log
        self.key = key
        self.value = value
        self.proof = proof
        self.height = height
    }

    /// A failed query.
    static func failure(_ code: ResultCode, _ log: String, height: UInt64 = 0) -> QueryResponse {
        QueryResponse(code: code, log: log, key: [], value: nil, proof: nil, height: height)
    }
}
