import Common

/// A block being built one transaction at a time: the sequencer executes each transaction as it orders it
/// (so it can confirm it at once), then seals the block. ``Runtime/execute(_:transactions:state:preverified:)``
/// is this with every transaction added at once.
public struct BlockBuilder<S: StateStore> {
    /// The runtime that executes the transactions.
    public let runtime: Runtime
    /// The block's number, parent and time.
    public let context: BlockContext
    /// The transactions added so far with their signatures, in order (bodies added by ``add(authorized:)``
    /// are not here: they have none).
    public private(set) var transactions: [SignedTransaction] = []
    /// Their receipts, in order.
    public private(set) var receipts: [Receipt] = []
    /// The events of the transactions added so far, in order (not committed in any root).
    public private(set) var events: [RuntimeEvent] = []

    private var state: StagedState
    private var fees = Amount.zero
    /// The body bytes of ``transactions``, in order: encoded once for the id and kept for the transactions root.
    private var transactionBytes: [[UInt8]] = []

    /// Starts a block on `state`, the state after its parent.
    public init(runtime: Runtime, context: BlockContext, state: S) {
        self.runtime = runtime
        self.context = context
        self.state = StagedState(base: state)
    }

    /// Executes `transaction` and adds it to the block whatever its outcome (rejected transactions too, as a
    /// verifier must when it re-executes a block it was given).
    ///
    /// - Parameter signatureChecked: `true` if the caller already checked the signature against the key the
    ///   sender resolves to.
    @discardableResult
    public mutating func add(_ transaction: SignedTransaction, signatureChecked: Bool = false) throws(StateError)
        -> Receipt
    {
        try execute(transaction, signatureChecked: signatureChecked, includeRejected: true)
    }

    /// Executes `transaction` and adds it to the block unless it is rejected (a rejected transaction touches
    /// nothing, so leaving it out leaves the block as if it never came): what a sequencer does.
    public mutating func addUnlessRejected(_ transaction: SignedTransaction, signatureChecked: Bool = false)
        throws(StateError) -> Receipt
    {
        try execute(transaction, signatureChecked: signatureChecked, includeRejected: false)
    }

    /// Executes the body of a transaction whose signature is checked elsewhere (a batch's aggregate signature
    /// covers it) and adds it to the block whatever its outcome, as a verifier re-executing a batch does.
    ///
    /// Returns the receipt and the key the signature must be by: the sender's key as the state holds it when
    /// the transaction executes (``Runtime/signerKey(of:in:)``), `nil` if it has none then (a batch holding
    /// such a transaction has no valid signature).
    @discardableResult
    public mutating func add(authorized body: Transaction) throws(StateError)
        -> (receipt: Receipt, signer: AccountPublicKey?)
    {
        let signer = try Runtime.signerKey(of: body.sender, in: &state)
        return (try execute(body, signature: nil, includeRejected: true), signer)
    }

    private mutating func execute(
        _ transaction: SignedTransaction, signatureChecked: Bool, includeRejected: Bool
    ) throws(StateError) -> Receipt {
        let receipt = try execute(
            transaction.transaction, signature: signatureChecked ? nil : transaction.signature,
            includeRejected: includeRejected)
        if case .rejected = receipt.status, !includeRejected { return receipt }
        transactions.append(transaction)
        return receipt
    }

    private mutating func execute(
        _ body: Transaction, signature: SchnorrSignature?, includeRejected: Bool
    ) throws(StateError) -> Receipt {
        let bytes = body.canonicalBytes
        let receipt = try runtime.executeTransaction(
            body, signature: signature, hash: Hash.blake2b(bytes), context: context, state: &state, fees: &fees)
        if case .rejected = receipt.status, !includeRejected { return receipt }
        appendEvents(index: receipts.count)
        transactionBytes.append(bytes)
        receipts.append(receipt)
        return receipt
    }

    /// Moves the last transaction's events (kept only if its body succeeded) into ``events``.
    private mutating func appendEvents(index: Int) {
        guard !state.events.isEmpty else { return }
        let position = UInt32(truncatingIfNeeded: index)
        events += state.events.map { RuntimeEvent(transactionIndex: position, kind: $0) }
        state.events.removeAll(keepingCapacity: true)
    }

    /// The number of transactions in the block so far.
    public var count: Int { receipts.count }

    /// Reads the state as it is after the transactions so far (for queries against the open block).
    public mutating func get(_ key: StateKey) throws(StateError) -> [UInt8]? { try state.get(key) }

    /// Credits the block's fees, computes the roots and returns the execution and the state after the block.
    public consuming func seal() throws(StateError) -> (execution: BlockExecution, state: S) {
        let parentHash = context.parentHash
        return try close().seal(parentHash: parentHash)
    }

    /// Credits the block's fees and writes the block's writes to its store, without computing any root: the
    /// block's transactions and state are final, and the next block can execute on ``ClosedBlock/state``
    /// while this one's roots are computed (``ClosedBlock/seal(parentHash:)``, the same header as ``seal()``).
    public consuming func close() throws(StateError) -> ClosedBlock<S> {
        try runtime.creditBlockFees(fees, state: &state)
        try state.flush()
        guard let base = state.base as? S else {
            throw .storage("the staged state's base is not the builder's store type")
        }
        return ClosedBlock(
            context: context, transactions: transactions, transactionBytes: transactionBytes, receipts: receipts,
            events: events, state: base)
    }
}

/// A block whose transactions and state are final but whose roots are not computed yet
/// (``BlockBuilder/close()``). The sequencer closes a block on its executor and seals it on its block writer,
/// where the parent's hash is known by then.
public struct ClosedBlock<S: StateStore> {
    /// The block's number and time (the parent hash is the one ``seal(parentHash:)`` is given).
    public let context: BlockContext
    /// The transactions with their signatures, in order.
    public let transactions: [SignedTransaction]
    /// Their bodies' bytes, for the transactions root.
    let transactionBytes: [[UInt8]]
    /// Their receipts, in order.
    public let receipts: [Receipt]
    /// The block's events, in order.
    public let events: [RuntimeEvent]
    /// The state after the block: every write is in the store, none committed.
    public let state: S

    /// Computes the roots (transactions, receipts, state) and returns the execution, whose header names
    /// `parentHash` as its parent, and the state after the block.
    public func seal(parentHash: Hash) throws(StateError) -> (execution: BlockExecution, state: S) {
        var state = state
        let header = BlockHeader(
            number: context.number, parentHash: parentHash, timestampMillis: context.timestampMillis,
            transactionCount: UInt32(receipts.count), txsRoot: MerkleList.root(transactionBytes),
            receiptsRoot: Receipt.root(receipts), stateRoot: try state.root())
        return (BlockExecution(header: header, receipts: receipts, events: events), state)
    }
}

extension ClosedBlock: Sendable where S: Sendable {}
