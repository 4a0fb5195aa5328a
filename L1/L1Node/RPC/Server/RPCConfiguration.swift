/// Where the RPC server listens and the limits it enforces. Every limit is explicit; docs/rpc.md lists them.
public struct RPCConfiguration: Sendable {
    /// The address to bind: `127.0.0.1` by default, so the RPC is not reachable from other machines unless the
    /// operator asks for it.
    public var host: String
    /// The TCP port; 0 picks a free one (tests), CometBFT's default is 26657.
    public var port: Int
    /// The largest request body; a larger one gets HTTP 413 and a JSON-RPC `-32600` error.
    public var maxBodyBytes: Int
    /// The most open HTTP and websocket connections; further connections wait in the listen backlog.
    public var maxConnections: Int
    /// The most websocket connections at once; a further upgrade gets HTTP 503 and a `-32007` error.
    public var maxWebSocketSubscribers: Int
    /// The most queries one websocket connection may subscribe to.
    public var maxSubscriptionsPerClient: Int
    /// The largest websocket message accepted from a client.
    public var maxWebSocketMessageBytes: Int
    /// How long `broadcast_tx_commit` waits for the transaction to be committed before answering `-32006`.
    public var broadcastTxCommitTimeout: Duration
    /// The most validators one `validators` page returns (`per_page` is clamped to it), as in CometBFT.
    public var maxValidatorsPerPage: Int
    /// The most transactions `unconfirmed_txs` returns (`limit` is clamped to it), as in CometBFT.
    public var maxUnconfirmedTxs: Int
    /// The longest genesis document `genesis` serves; a larger one gets `-32603` (and should be fetched another way).
    public var maxGenesisBytes: Int

    /// A configuration; the defaults suit a validator exposing RPC on its own machine.
    public init(
        host: String = "127.0.0.1", port: Int = 26657, maxBodyBytes: Int = 1 << 20, maxConnections: Int = 900,
        maxWebSocketSubscribers: Int = 100, maxSubscriptionsPerClient: Int = 5, maxWebSocketMessageBytes: Int = 1 << 16,
        broadcastTxCommitTimeout: Duration = .seconds(10), maxValidatorsPerPage: Int = 100,
        maxUnconfirmedTxs: Int = 100, maxGenesisBytes: Int = 16 << 20
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.maxWebSocketSubscribers = maxWebSocketSubscribers
        self.maxSubscriptionsPerClient = maxSubscriptionsPerClient
        self.maxWebSocketMessageBytes = maxWebSocketMessageBytes
        self.broadcastTxCommitTimeout = broadcastTxCommitTimeout
        self.maxValidatorsPerPage = maxValidatorsPerPage
        self.maxUnconfirmedTxs = maxUnconfirmedTxs
        self.maxGenesisBytes = maxGenesisBytes
    }
}
