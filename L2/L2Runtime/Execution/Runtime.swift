import Common

/// The L2 state-transition function: `execute(context, transactions, state) -> (receipts, state root)`.
///
/// It is pure and deterministic: it reads nothing but its arguments and the state, and any node (sequencer,
/// verifier, the L1 judging a fraud proof on a ``Common/WitnessStore``) that runs it on the same state gets
/// the same receipts and roots. The only error it throws is the store's (a witness missing a key, a database
/// failure); everything a transaction can get wrong ends in its receipt.
public struct Runtime: Sendable {
    /// The rollup's parameters.
    public let config: RuntimeConfig
    /// Parsed rules programs by hash, shared by the copies of this runtime (it never changes a result).
    let programs: ProgramCache

    /// A runtime for the rollup `config` describes.
    public init(config: RuntimeConfig) {
        self.config = config
        self.programs = ProgramCache()
    }

    /// Executes `transactions` in order on `state` and returns their receipts and the header of the block
    /// they make. Every transaction is in the block, rejected ones too (with a receipt that says so): this is
    /// how a verifier re-executes a block it was given.
    ///
    /// - Parameter preverified: for each transaction, `true` if the caller has already checked its signature
    ///   against the key its sender resolves to; `nil`, or `false` for a transaction, makes the runtime check
    ///   it itself.
    public func execute<S: StateStore>(
        _ context: BlockContext, transactions: [SignedTransaction], state: inout S, preverified: [Bool]? = nil
    ) throws(StateError) -> BlockExecution {
        precondition(preverified == nil || preverified?.count == transactions.count, "one flag per transaction")
        var builder = BlockBuilder(runtime: self, context: context, state: state)
        for (position, transaction) in transactions.enumerated() {
            try builder.add(transaction, signatureChecked: preverified?[position] ?? false)
        }
        let (execution, after) = try builder.seal()
        state = after
        return execution
    }

    /// Re-executes `block` on `state` (its parent's state) and returns what it produced; the block is valid
    /// exactly when the returned header equals ``Block/header``.
    public func reexecute<S: StateStore>(_ block: Block, state: inout S) throws(StateError) -> BlockExecution {
        try execute(BlockContext(of: block.header), transactions: block.transactions, state: &state)
    }

    /// Executes the bodies of a block whose signatures are checked elsewhere (a batch's aggregate signature
    /// covers them) on `state`: how a verifier re-executes the blocks of a batch. Returns what they produced
    /// and, for each body, the key its signature must be by (``BlockBuilder/add(authorized:)``; `nil` makes
    /// the batch's signature invalid).
    public func execute<S: StateStore>(
        _ context: BlockContext, bodies: [Transaction], state: inout S
    ) throws(StateError) -> (execution: BlockExecution, signers: [AccountPublicKey?]) {
        var builder = BlockBuilder(runtime: self, context: context, state: state)
        var signers: [AccountPublicKey?] = []
        signers.reserveCapacity(bodies.count)
        for body in bodies { signers.append(try builder.add(authorized: body).signer) }
        let (execution, after) = try builder.seal()
        state = after
        return (execution, signers)
    }

    /// Executes one transaction: the envelope (the whole fee taken and the nonce kept at once), then the body
    /// on the stage, then the part of the fee its rules fuel did not use back to the sender.
    ///
    /// - Parameters:
    ///   - hash: the transaction's id (``Transaction/hash``), which the caller computed.
    ///   - signature: the signature to check, or `nil` if it is checked already (see ``admit``).
    func executeTransaction(
        _ transaction: Transaction, signature: SchnorrSignature?, hash: Hash, context: BlockContext,
        state: inout StagedState, fees: inout Amount
    ) throws(StateError) -> Receipt {
        let sender: Sender
        // The stage is empty between transactions: the envelope reads and writes through it, and its writes are
        // kept before the body runs, so a failing body cannot drop them.
        switch try admit(transaction, signature: signature, state: &state) {
        case .success(let admitted): sender = admitted
        case .failure(let reason): return Receipt(transactionHash: hash, status: .rejected(reason), feePaid: .zero)
        }
        let fee = transaction.fee
        try chargeFee(fee, to: sender, state: &state)
        state.keepStaged()
        let fuel = RuleFuelBudget(config.fuelBudget(fee: fee))
        let outcome = try perform(
            transaction, hash: hash, sender: sender, context: context, fuel: fuel, state: &state)
        let status: Receipt.Status
        switch outcome {
        case .success:
            state.keepStaged()
            status = .success
        case .failure(let reason):
            state.dropStaged()
            status = .failed(reason)
        }
        let charged = config.feeCharged(fee: fee, fuel: fuel.spent)
        if let unused = fee.subtracting(charged), !unused.isZero {
            // The account exists (it paid the fee), and the refund cannot overflow its balance: every base unit
            // in either came out of the fixed supply.
            _ = try credit(unused, to: sender.address, state: &state)
            state.keepStaged()
        }
        // Fees are summed in the block and credited once at its end; the sum cannot overflow, as every fee
        // came out of some balance.
        fees = fees.adding(charged) ?? .max
        return Receipt(transactionHash: hash, status: status, feePaid: charged)
    }
}
