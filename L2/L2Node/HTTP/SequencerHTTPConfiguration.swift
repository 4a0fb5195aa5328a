/// Where the sequencer's HTTP API listens and its limits.
public struct SequencerHTTPConfiguration: Hashable, Sendable {
    /// The host to bind (loopback by default).
    public var host: String
    /// The port (0 picks a free one).
    public var port: Int
    /// The largest request body.
    public var maxBodyBytes: Int
    /// The most transactions in one batch request.
    public var maxBatchTransactions: Int
    /// The most open connections (more wait in the listen queue).
    public var maxConnections: Int

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8645, maxBodyBytes: Int = 4 << 20, maxBatchTransactions: Int = 4096,
        maxConnections: Int = 1000
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchTransactions = maxBatchTransactions
        self.maxConnections = maxConnections
    }
}
