/// The interface between the node (consensus, mempool, RPC) and the deterministic state machine it
/// replicates, shaped like ABCI++ (CometBFT 0.38).
///
/// The node calls it from one task, in this order:
///
/// - on start, ``info()``; if it reports no block yet, ``initChain(_:)`` with the genesis;
/// - for each height: ``prepareProposal(_:)`` when the node proposes, ``processProposal(_:)`` when it
///   judges a proposal, then ``finalizeBlock(_:)`` for the decided block and ``commit()``;
/// - at any time between those: ``checkTx(_:kind:)`` for the mempool and ``query(_:)`` for RPC reads.
///
/// The application is a pure state machine: every input (block time, transactions, evidence) comes in
/// through these calls, and the same calls in the same order give the same results and app hashes on
/// every node. A thrown ``ApplicationError`` means the node misused the interface or storage failed:
/// the node must stop rather than carry on with a state it cannot trust. Everything a user can get
/// wrong (a bad transaction, a bad query) is a ``ResultCode`` in a response instead.
public protocol Application: AnyObject {
    /// The last committed height and app hash, for the node's handshake and block replay on restart.
    func info() throws(ApplicationError) -> InfoResponse

    /// Sets up the genesis state and returns its app hash. Called once, before the first block; calling it
    /// again with the same genesis before any block returns the same response.
    func initChain(_ request: InitChainRequest) throws(ApplicationError) -> InitChainResponse

    /// Checks a transaction for the mempool against the committed state plus the transactions accepted
    /// since the last commit, so that several transactions of one sender (consecutive nonces) can wait together.
    func checkTx(_ tx: [UInt8], kind: CheckTxKind) throws(ApplicationError) -> CheckTxResponse

    /// Picks the transactions of the block this node proposes: drops the ones that could not enter a block
    /// and stops adding at the byte cap. Returns the chosen transactions in block order.
    func prepareProposal(_ request: PrepareProposalRequest) throws(ApplicationError) -> [[UInt8]]

    /// Judges a proposed block: rejects it if any transaction could not enter a block.
    func processProposal(_ request: ProcessProposalRequest) throws(ApplicationError) -> ProcessProposalResponse

    /// Executes a decided block and returns its results and app hash; the new state is kept in memory until
    /// ``commit()``.
    func finalizeBlock(_ request: FinalizeBlockRequest) throws(ApplicationError) -> FinalizeBlockResponse

    /// Makes the last finalized block's state durable and resets the mempool's check state to it.
    func commit() throws(ApplicationError) -> CommitResponse

    /// Reads the committed state at a height, optionally with a proof against that height's app hash.
    func query(_ request: QueryRequest) throws(ApplicationError) -> QueryResponse
}
