/// The RPC methods, by their CometBFT names. Each is served as `GET /<name>?<params>`, as a JSON-RPC `POST /`
/// with `"method": "<name>"`, and as a request on the websocket.
public enum RPCMethod: String, CaseIterable, Sendable {
    /// `{}` when the node is healthy.
    case health
    /// Node identity, latest block, sync state, validator key.
    case status
    /// P2P listeners and peers.
    case netInfo = "net_info"
    /// The genesis document.
    case genesis
    /// A block by height.
    case block
    /// A block's execution results.
    case blockResults = "block_results"
    /// A block's header and commit.
    case commit
    /// A page of a height's validator set.
    case validators
    /// Check a transaction and admit it to the mempool.
    case broadcastTxSync = "broadcast_tx_sync"
    /// Queue a transaction without waiting for its check.
    case broadcastTxAsync = "broadcast_tx_async"
    /// Check a transaction and wait until a block commits it.
    case broadcastTxCommit = "broadcast_tx_commit"
    /// A committed transaction by hash.
    case tx
    /// An application state query.
    case abciQuery = "abci_query"
    /// Mempool transactions.
    case unconfirmedTxs = "unconfirmed_txs"
    /// Mempool totals.
    case numUnconfirmedTxs = "num_unconfirmed_txs"
    /// Websocket only: start receiving events matching a query.
    case subscribe
    /// Websocket only: stop receiving events of a query.
    case unsubscribe
    /// Websocket only: stop receiving all events.
    case unsubscribeAll = "unsubscribe_all"

    /// The parameter names, in the order a positional (array) `params` gives them.
    var parameterNames: [String] {
        switch self {
        case .health, .status, .netInfo, .genesis, .numUnconfirmedTxs, .unsubscribeAll: []
        case .block, .blockResults, .commit: ["height"]
        case .validators: ["height", "page", "per_page"]
        case .broadcastTxSync, .broadcastTxAsync, .broadcastTxCommit: ["tx"]
        case .tx: ["hash", "prove"]
        case .abciQuery: ["path", "data", "height", "prove"]
        case .unconfirmedTxs: ["limit"]
        case .subscribe, .unsubscribe: ["query"]
        }
    }

    /// Whether the method is only served on the websocket (it needs a connection to send events on).
    var isWebSocketOnly: Bool {
        switch self {
        case .subscribe, .unsubscribe, .unsubscribeAll: true
        default: false
        }
    }
}
