import Common
import L1App
import L1Consensus

/// Consensus's view of the application: builds proposals from the mempool (prepareProposal), judges proposals
/// (processProposal), executes decided blocks (finalizeBlock), and commits them after they are stored.
///
/// The executor is both the driver's ``L1Consensus/BlockExecutor`` and its ``L1Consensus/ConsensusStore`` (over a
/// ``SQLiteBlockStore``): the driver executes a decided block, then saves it, and the application must commit only
/// after the block store has the block. So ``execute(_:)`` runs `finalizeBlock` and keeps the response, and
/// ``save(_:commit:state:)`` writes the block with its commit, state and results in one transaction, then commits
/// the application, then updates (rechecks) the mempool. A crash leaves the application at most one block behind
/// the store, never ahead; ``handshake(genesis:)`` replays what it missed on the next start.
///
/// The ``L1Consensus/BlockExecutor`` calls cannot throw: when the application fails in
/// ``transactions(forHeight:maxBytes:time:)`` or ``accepts(_:)`` they answer "no transactions" or "reject" and
/// keep the error in ``lastError`` for the node to report. Not thread-safe: the node's consensus actor drives it.
public final class ApplicationExecutor {
    /// The application.
    public let application: any Application
    /// The mempool proposals come from; updated after every saved block.
    public let mempool: Mempool
    /// Where decided blocks are kept.
    public let store: SQLiteBlockStore
    /// This node's consensus key, named as the proposer of the blocks it builds; nil on a non-validator.
    public let proposerKey: Ed25519PublicKey?
    /// The last error a non-throwing call swallowed.
    public internal(set) var lastError: ApplicationExecutorError?
    /// The block finalized by ``execute(_:)`` and waiting to be saved and committed.
    var finalized: (blockID: BlockID, height: Height, response: FinalizeBlockResponse)?

    /// An executor for `application`, proposing from `mempool` and storing in `store`.
    public init(
        application: any Application, mempool: Mempool, store: SQLiteBlockStore, proposerKey: Ed25519PublicKey?
    ) {
        self.application = application
        self.mempool = mempool
        self.store = store
        self.proposerKey = proposerKey
    }

    /// The results hash a header carries for `results`: the list Merkle root of each result's deterministic part,
    /// its code as a varint. As in CometBFT's `LastResultsHash` (code, data, gas), logs and events are left out:
    /// they are for people and indexers, and rewording a log must not fork the chain.
    public static func resultsHash(_ results: [TxResult]) -> Hash {
        MerkleList.root(
            results.map { result in
                var writer = ByteWriter(capacity: 5)
                writer.writeVarint(result.code.rawValue)
                return writer.bytes
            })
    }

    /// Records an error of a non-throwing call.
    func note(_ error: ApplicationExecutorError) { lastError = error }

    /// The consensus key of the validator with `address` in the set deciding `height`.
    func validatorKey(_ address: Address, at height: Height) -> Ed25519PublicKey? {
        guard let set = store.validators(at: height), let index = set.index(of: address) else { return nil }
        return set.validators[index].publicKey
    }

    /// The finalizeBlock request of a decided block.
    func finalizeRequest(for block: Block) throws(ApplicationExecutorError) -> FinalizeBlockRequest {
        let header = block.header
        guard let proposer = validatorKey(header.proposerAddress, at: block.height) else {
            throw .unknownProposer(address: header.proposerAddress.hex, height: block.height)
        }
        var misbehavior: [Misbehavior] = []
        for item in block.evidence {
            guard let validator = validatorKey(item.validatorAddress, at: item.height) else {
                throw .unknownMisbehavingValidator(address: item.validatorAddress.hex, height: item.height)
            }
            misbehavior.append(
                Misbehavior(
                    kind: .duplicateVote, validator: validator, power: UInt64(item.validatorPower),
                    height: item.height.rawValue, time: try L1App.Timestamp(consensus: item.time),
                    totalVotingPower: UInt64(item.totalVotingPower)))
        }
        return FinalizeBlockRequest(
            height: block.height.rawValue, time: try L1App.Timestamp(consensus: header.time), txs: block.transactions,
            misbehavior: misbehavior, proposer: proposer)
    }

    /// Runs finalizeBlock for `block` and turns the response into consensus results.
    func finalize(_ block: Block) throws(ApplicationExecutorError) -> (FinalizeBlockResponse, BlockResults) {
        let request = try finalizeRequest(for: block)
        let response: FinalizeBlockResponse
        do {
            response = try application.finalizeBlock(request)
        } catch {
            throw .application(error)
        }
        guard response.txResults.count == block.transactions.count else {
            throw .resultCountMismatch(results: response.txResults.count, transactions: block.transactions.count)
        }
        var updates: [L1Consensus.ValidatorUpdate] = []
        for update in response.validatorUpdates { updates.append(try L1Consensus.ValidatorUpdate(application: update)) }
        let results = BlockResults(
            appHash: response.appHash, resultsHash: Self.resultsHash(response.txResults), validatorUpdates: updates)
        return (response, results)
    }

    /// Sums the encoded sizes of `transactions` (each with its length prefix) and keeps the longest prefix that
    /// fits `maxBytes`: the block must fit, and a sender's later nonce must not stay without an earlier one.
    static func fitting(_ transactions: [[UInt8]], maxBytes: Int) -> [[UInt8]] {
        var used = 0
        var kept = 0
        for transaction in transactions {
            var prefix = ByteWriter(capacity: 10)
            prefix.writeLength(transaction.count)
            let size = transaction.count + prefix.bytes.count
            guard used + size <= maxBytes else { break }
            used += size
            kept += 1
        }
        return Array(transactions.prefix(kept))
    }
}

extension ApplicationExecutor: BlockExecutor {
    /// The mempool's transactions in proposal order, as the application's prepareProposal picks them, trimmed so
    /// that their encoding fits `maxBytes`.
    public func transactions(forHeight height: Height, maxBytes: Int, time: L1Consensus.Timestamp) -> [[UInt8]] {
        guard let proposerKey else {
            note(.noProposerKey)
            return []
        }
        do throws(ApplicationExecutorError) {
            let request = PrepareProposalRequest(
                txs: mempool.reap(maxBytes: maxBytes), maxTxBytes: maxBytes, height: height.rawValue,
                time: try L1App.Timestamp(consensus: time), proposer: proposerKey)
            let chosen: [[UInt8]]
            do {
                chosen = try application.prepareProposal(request)
            } catch {
                throw .application(error)
            }
            return Self.fitting(chosen, maxBytes: maxBytes)
        } catch {
            note(error)
            return []
        }
    }

    /// The application's processProposal verdict; a block whose proposer or time the application cannot be told
    /// about is rejected.
    public func accepts(_ block: Block) -> Bool {
        do throws(ApplicationExecutorError) {
            guard let proposer = validatorKey(block.header.proposerAddress, at: block.height) else {
                throw .unknownProposer(address: block.header.proposerAddress.hex, height: block.height)
            }
            let request = ProcessProposalRequest(
                txs: block.transactions, height: block.height.rawValue,
                time: try L1App.Timestamp(consensus: block.header.time), proposer: proposer)
            do {
                return try application.processProposal(request).isAccepted
            } catch {
                throw .application(error)
            }
        } catch {
            note(error)
            return false
        }
    }

    /// Runs finalizeBlock and returns the results consensus needs; the application commits in
    /// ``save(_:commit:state:)``, once the block is stored.
    public func execute(_ block: Block) throws -> BlockResults {
        if let finalized { throw ApplicationExecutorError.previousBlockNotSaved(finalized.height) }
        let (response, results) = try finalize(block)
        finalized = (block.id, block.height, response)
        return results
    }
}
