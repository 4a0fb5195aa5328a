import Common
import L1App
import L1Consensus

/// What the RPC server reads from and submits to the node: the block store, the mempool, the application's
/// queries, the P2P switch and the consensus state, behind one interface the node assembly implements.
///
/// Every method may be called concurrently from many requests. A height of `nil` means the latest stored height.
/// Methods throw ``RPCBackendError`` for conditions a client should see (a height not stored, a full mempool,
/// a node shutting down); the server maps each case to a stable JSON-RPC error code (see docs/rpc.md).
public protocol RPCBackend: Sendable {
    /// The node's identity, its latest block and whether it is still catching up (`/status`).
    func status() async throws(RPCBackendError) -> NodeStatus

    /// The node's P2P listeners and connected peers (`/net_info`).
    func netInfo() async throws(RPCBackendError) -> NetworkInfo

    /// The block at `height`, or the latest block for `nil` (`/block`).
    func block(at height: Height?) async throws(RPCBackendError) -> Block

    /// The execution results of the block at `height` as stored: transaction results, block events, validator
    /// updates and the app hash after the block (`/block_results`).
    func blockResults(at height: Height?) async throws(RPCBackendError) -> StoredBlockResults

    /// The header of the block at `height` and the commit that decided it (`/commit`).
    func commit(at height: Height?) async throws(RPCBackendError) -> SignedHeader

    /// The validator set that decides the block at `height` (`/validators`); the server pages through it.
    func validators(at height: Height?) async throws(RPCBackendError) -> HeightValidators

    /// The genesis document as stored: raw JSON bytes (`/genesis`).
    func genesis() async throws(RPCBackendError) -> [UInt8]

    /// Runs the mempool's checkTx on `tx` and, when it passes, admits it (`/broadcast_tx_sync`). A failed check
    /// is a response with a non-zero code, not an error.
    func checkAndAdmit(_ tx: [UInt8]) async throws(RPCBackendError) -> CheckTxResponse

    /// Puts `tx` into the node's ingest queue without waiting for checkTx (`/broadcast_tx_async`). Throws
    /// ``RPCBackendError/mempoolFull(_:)`` when the queue is full.
    func submit(_ tx: [UInt8]) async throws(RPCBackendError)

    /// The committed transaction with id `hash`, or `nil` if the node has not indexed it (`/tx`).
    func transaction(hash: Hash) async throws(RPCBackendError) -> IndexedTransaction?

    /// An application query (`/abci_query`).
    func query(_ request: QueryRequest) async throws(RPCBackendError) -> QueryResponse

    /// Up to `limit` mempool transactions in mempool order, with the mempool's totals (`/unconfirmed_txs`).
    func unconfirmedTransactions(limit: Int) async throws(RPCBackendError) -> UnconfirmedTransactions

    /// The mempool's totals without the transactions (`/num_unconfirmed_txs`).
    func unconfirmedCount() async throws(RPCBackendError) -> UnconfirmedTransactions

    /// Returns when the node is healthy; throws ``RPCBackendError/unavailable(_:)`` saying why it is not (`/health`).
    func health() async throws(RPCBackendError)

    /// A new stream of committed blocks and transactions, for websocket subscribers and `/broadcast_tx_commit`.
    /// Each call gets its own stream, which sees the events published after the call; it ends when the node
    /// stops or when the subscriber falls too far behind (``RPCEventFeed`` does both).
    func events() -> AsyncStream<NodeEvent>
}
