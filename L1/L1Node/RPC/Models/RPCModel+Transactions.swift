import Common
import L1App
import L1Consensus

extension RPCModel {
    /// The result of `block_results`.
    public struct BlockResultsResult: Codable, Hashable, Sendable {
        /// The height, decimal.
        public var height: String
        /// One result per transaction, in block order.
        public var txsResults: [TxResult]
        /// Events of the block itself.
        public var finalizeBlockEvents: [Event]
        /// Validator changes (effective two heights later).
        public var validatorUpdates: [ValidatorUpdate]
        /// The state root after the block, upper-case hex (CometBFT uses base64 here; Strata keeps hashes hex).
        public var appHash: String

        enum CodingKeys: String, CodingKey {
            case height
            case txsResults = "txs_results"
            case finalizeBlockEvents = "finalize_block_events"
            case validatorUpdates = "validator_updates"
            case appHash = "app_hash"
        }
    }

    /// The mempool's verdict on a transaction (`broadcast_tx_sync`, `broadcast_tx_async`).
    public struct BroadcastTxResult: Codable, Hashable, Sendable {
        /// The checkTx result code (always 0 for `broadcast_tx_async`, which does not wait for the check).
        public var code: UInt32
        /// Result data, base64 (empty).
        public var data: String
        /// Empty on success; otherwise why the transaction was refused.
        public var log: String
        /// The code's name, e.g. `fee_too_low`.
        public var codespace: String
        /// The transaction id.
        public var hash: String
    }

    /// The checkTx part of `broadcast_tx_commit`.
    public struct CheckTxResult: Codable, Hashable, Sendable {
        /// The checkTx result code.
        public var code: UInt32
        /// Result data, base64 (empty).
        public var data: String
        /// Empty on success; otherwise why the transaction was refused.
        public var log: String
        /// The code's name.
        public var codespace: String
    }

    /// The result of `broadcast_tx_commit`.
    public struct BroadcastTxCommitResult: Codable, Hashable, Sendable {
        /// The mempool's verdict.
        public var checkTx: CheckTxResult
        /// The execution result; empty (code 0, no events) when the check failed and nothing was committed.
        public var txResult: TxResult
        /// The transaction id.
        public var hash: String
        /// The height of the block that carries it, `"0"` when the check failed.
        public var height: String

        enum CodingKeys: String, CodingKey {
            case checkTx = "check_tx"
            case txResult = "tx_result"
            case hash, height
        }
    }

    /// A list Merkle inclusion proof.
    public struct MerkleProof: Codable, Hashable, Sendable {
        /// The list's length, decimal.
        public var total: String
        /// The item's position, decimal.
        public var index: String
        /// `BLAKE2b(0x00 || item)`, upper-case hex.
        public var leafHash: String
        /// The sibling hashes from the leaf up, upper-case hex.
        public var aunts: [String]

        enum CodingKeys: String, CodingKey {
            case total, index
            case leafHash = "leaf_hash"
            case aunts
        }
    }

    /// A proof that a transaction is in a block: against the header's `data_hash`.
    public struct TxProof: Codable, Hashable, Sendable {
        /// The block's `data_hash`.
        public var rootHash: String
        /// The transaction, base64.
        public var data: String
        /// The inclusion proof.
        public var proof: MerkleProof

        enum CodingKeys: String, CodingKey {
            case rootHash = "root_hash"
            case data, proof
        }
    }

    /// The result of `tx`.
    public struct TxLookupResult: Codable, Hashable, Sendable {
        /// The transaction id.
        public var hash: String
        /// The height of its block, decimal.
        public var height: String
        /// Its position in the block.
        public var index: UInt32
        /// Its execution result.
        public var txResult: TxResult
        /// The transaction, base64.
        public var tx: String
        /// The inclusion proof, when asked for with `prove=true`.
        public var proof: TxProof?

        enum CodingKeys: String, CodingKey {
            case hash, height, index
            case txResult = "tx_result"
            case tx, proof
        }
    }

    /// One step of a query proof.
    public struct ProofOp: Codable, Hashable, Sendable {
        /// The proof kind: `strata/smt` (a sparse Merkle state proof, docs/encoding.md).
        public var type: String
        /// The 32-byte state path the proof is about, base64.
        public var key: String
        /// The proof's canonical encoding, base64.
        public var data: String
    }

    /// The proof of a query result.
    public struct ProofOps: Codable, Hashable, Sendable {
        /// The proof steps (one for Strata: the state proof against the height's app hash).
        public var ops: [ProofOp]
    }

    /// An application query's answer.
    public struct QueryAnswer: Codable, Hashable, Sendable {
        /// The result code (0 on success; docs/l1-transactions.md).
        public var code: UInt32
        /// Empty on success; otherwise what was wrong.
        public var log: String
        /// The code's name.
        public var codespace: String
        /// The state path that was read, base64.
        public var key: String
        /// The stored value, base64; `null` when nothing is stored there.
        public var value: String?
        /// The proof, when asked for with `prove=true`.
        public var proofOps: ProofOps?
        /// The height whose state answered, decimal.
        public var height: String

        /// Encodes every field, `value` and `proof_ops` as `null` when absent.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(log, forKey: .log)
            try container.encode(codespace, forKey: .codespace)
            try container.encode(key, forKey: .key)
            try container.encode(value, forKey: .value)
            try container.encode(proofOps, forKey: .proofOps)
            try container.encode(height, forKey: .height)
        }

        enum CodingKeys: String, CodingKey {
            case code, log, codespace, key, value
            case proofOps = "proof_ops"
            case height
        }
    }

    /// The result of `abci_query`: `{"response": {...}}`.
    public struct QueryResult: Codable, Hashable, Sendable {
        /// The answer.
        public var response: QueryAnswer
    }

    /// The result of `unconfirmed_txs` and `num_unconfirmed_txs`.
    public struct UnconfirmedTxsResult: Codable, Hashable, Sendable {
        /// The number of transactions returned, decimal.
        public var nTxs: String
        /// The number of transactions in the mempool, decimal.
        public var total: String
        /// The bytes the mempool's transactions take, decimal.
        public var totalBytes: String
        /// The transactions, base64; `null` for `num_unconfirmed_txs`.
        public var txs: [String]?

        /// Encodes every field, `txs` as `null` for a count-only answer.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(nTxs, forKey: .nTxs)
            try container.encode(total, forKey: .total)
            try container.encode(totalBytes, forKey: .totalBytes)
            try container.encode(txs, forKey: .txs)
        }

        enum CodingKeys: String, CodingKey {
            case nTxs = "n_txs"
            case total
            case totalBytes = "total_bytes"
            case txs
        }
    }

    /// The empty result of `health`, `subscribe` and `unsubscribe`: `{}`.
    public struct Empty: Codable, Hashable, Sendable {}
}

extension RPCModel.BlockResultsResult {
    init(_ stored: StoredBlockResults) {
        height = String(stored.height.rawValue)
        txsResults = stored.results.txResults.map(RPCModel.TxResult.init)
        finalizeBlockEvents = stored.results.events
        validatorUpdates = stored.results.validatorUpdates.map(RPCModel.ValidatorUpdate.init)
        appHash = RPCEncoding.hex(stored.results.appHash)
    }
}

extension RPCModel.CheckTxResult {
    init(_ response: CheckTxResponse) {
        code = response.code.rawValue
        data = ""
        log = response.log
        codespace = response.code.description
    }
}

extension RPCModel.QueryAnswer {
    init(_ response: QueryResponse) {
        code = response.code.rawValue
        log = response.log
        codespace = response.code.description
        key = RPCEncoding.base64(response.key)
        value = response.value.map(RPCEncoding.base64)
        proofOps = response.proof.map { proof in
            RPCModel.ProofOps(ops: [
                RPCModel.ProofOp(
                    type: "strata/smt", key: RPCEncoding.base64(response.key),
                    data: RPCEncoding.base64(proof.canonicalBytes))
            ])
        }
        height = String(response.height)
    }
}
