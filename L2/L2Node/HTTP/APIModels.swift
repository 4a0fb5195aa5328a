import Common
import L2Runtime

/// The JSON bodies of the sequencer's HTTP API (docs/l2-sequencer.md shows each).
public enum API {
    /// An error: `{"code": 4, "name": "nonceTooLow", "message": "..."}`.
    public struct ErrorBody: Codable, Hashable, Sendable {
        /// The stable code.
        public var code: Int
        /// The code's name.
        public var name: String
        /// What was wrong.
        public var message: String

        /// The body of `error`.
        public init(_ error: IngestError) {
            code = error.code
            name = error.name
            message = error.message
        }
    }

    /// A signed soft confirmation.
    public struct Confirmation: Codable, Hashable, Sendable {
        /// The transaction id, hex.
        public var txHash: String
        /// The block it is in.
        public var block: UInt64
        /// Its position in the block.
        public var index: UInt32
        /// `success` or `failed`.
        public var status: String
        /// The failure code when failed.
        public var reason: Int?
        /// The confirmation's bytes (``SoftConfirmation``'s canonical encoding), hex.
        public var bytes: String
        /// The sequencer's x-only public key, hex.
        public var sequencer: String
        /// The BIP-340 signature of the set this confirmation was answered in
        /// (``SoftConfirmationSet/signingDigest(root:count:chainID:)``), hex.
        public var signature: String
        /// The confirmation's place in that set (``MerkleListProof``'s canonical bytes), hex.
        public var proof: String

        enum CodingKeys: String, CodingKey {
            case block, index, status, reason, bytes, sequencer, signature, proof
            case txHash = "tx_hash"
        }

        /// The JSON of `signed`.
        public init(_ signed: SignedSoftConfirmation) {
            let confirmation = signed.confirmation
            txHash = confirmation.transactionHash.description
            block = confirmation.blockNumber
            index = confirmation.index
            switch confirmation.status {
            case .success:
                status = "success"
                reason = nil
            case .failed(let failure):
                status = "failed"
                reason = Int(failure.rawValue)
            }
            bytes = Hex.encode(confirmation.canonicalBytes)
            sequencer = Hex.encode(signed.sequencer.bytes)
            signature = Hex.encode(signed.signature.bytes)
            proof = Hex.encode(signed.proof.canonicalBytes)
        }

        /// The signed confirmation this JSON carries, if it decodes (the signature is not checked).
        public func signed() -> SignedSoftConfirmation? {
            guard let raw = Hex.decode(bytes), let confirmation = try? SoftConfirmation(canonicalBytes: raw),
                let key = try? AccountPublicKey(hex: sequencer), let signature = try? SchnorrSignature(hex: signature),
                let proofBytes = Hex.decode(proof), let proof = try? MerkleListProof(canonicalBytes: proofBytes)
            else { return nil }
            return SignedSoftConfirmation(
                confirmation: confirmation, sequencer: key, signature: signature, proof: proof)
        }
    }

    /// `POST /v1/tx` body.
    public struct SubmitTransaction: Codable, Sendable {
        /// The signed transaction's bytes, hex.
        public var tx: String
        /// Creates a body.
        public init(tx: String) { self.tx = tx }
    }

    /// `POST /v1/txs` body.
    public struct SubmitTransactions: Codable, Sendable {
        /// The signed transactions' bytes, hex, in order.
        public var txs: [String]
        /// Creates a body.
        public init(txs: [String]) { self.txs = txs }
    }

    /// One transaction's result in a batch: a confirmation or an error.
    public struct BatchResult: Codable, Hashable, Sendable {
        /// The confirmation, when accepted.
        public var confirmation: Confirmation?
        /// The error, when refused.
        public var error: ErrorBody?
    }

    /// `POST /v1/txs` and `/v1/txs/binary` (JSON) answer.
    public struct BatchResults: Codable, Hashable, Sendable {
        /// One result per transaction, in order.
        public var results: [BatchResult]
    }

    /// `GET /v1/status`.
    public struct Status: Codable, Hashable, Sendable {
        /// The chain id.
        public var chainID: String
        /// Block 0's hash, which commits to the genesis state and the rollup's parameters: every node of one
        /// rollup serves the same.
        public var genesisHash: String
        /// The sequencer key, hex.
        public var sequencer: String
        /// The smallest fee a transaction may carry (docs/l2-transactions.md 2).
        public var minimumFee: Amount
        /// What 1,000 fuel of rules evaluation costs above the minimum fee.
        public var feePerThousandFuel: Amount
        /// The fee that buys the most fuel a transaction may spend; a transaction pays only what it uses.
        public var fullFuelFee: Amount
        /// The address each block's fees are credited to, if the genesis names one (else they stay in the pool).
        public var feeRecipient: String?
        /// The last sealed block.
        public var latestBlock: UInt64
        /// Its hash.
        public var latestBlockHash: String
        /// Its state root.
        public var latestStateRoot: String
        /// The open block's number, if one is open.
        public var openBlock: UInt64?
        /// Its transactions so far.
        public var openBlockTxs: Int
        /// Transactions waiting for a nonce gap.
        public var mempoolTxs: Int
        /// Log records known durable.
        public var durableLogRecords: UInt64
        /// Why the sequencer stopped, if it did.
        public var halted: String?
        /// The batcher's progress, when the node runs one.
        public var batcher: BatcherStatus?

        enum CodingKeys: String, CodingKey {
            case sequencer, halted, batcher
            case chainID = "chain_id"
            case genesisHash = "genesis_hash"
            case minimumFee = "minimum_fee"
            case feePerThousandFuel = "fee_per_thousand_fuel"
            case fullFuelFee = "full_fuel_fee"
            case feeRecipient = "fee_recipient"
            case latestBlock = "latest_block"
            case latestBlockHash = "latest_block_hash"
            case latestStateRoot = "latest_state_root"
            case openBlock = "open_block"
            case openBlockTxs = "open_block_txs"
            case mempoolTxs = "mempool_txs"
            case durableLogRecords = "durable_log_records"
        }
    }

    /// The batcher's part of `GET /v1/status`.
    public struct BatcherStatus: Codable, Hashable, Sendable {
        /// The index of the last batch the sink accepted, if any.
        public var lastBatch: UInt64?
        /// The last block in it (0 before the first batch).
        public var lastBatchedBlock: UInt64
        /// The last batch's commitment hash.
        public var lastBatchHash: String?
        /// Uncompressed bytes waiting: closed batches not yet accepted and the open one.
        public var backlogBytes: Int

        enum CodingKeys: String, CodingKey {
            case lastBatch = "last_batch"
            case lastBatchedBlock = "last_batched_block"
            case lastBatchHash = "last_batch_hash"
            case backlogBytes = "backlog_bytes"
        }
    }

    /// A receipt in `GET /v1/blocks/{n}`.
    public struct ReceiptBody: Codable, Hashable, Sendable {
        /// The transaction id.
        public var txHash: String
        /// `success` or `failed`.
        public var status: String
        /// The failure code when failed.
        public var reason: Int?
        /// The fee paid.
        public var feePaid: Amount

        enum CodingKeys: String, CodingKey {
            case status, reason
            case txHash = "tx_hash"
            case feePaid = "fee_paid"
        }
    }

    /// `GET /v1/blocks/{n}`.
    public struct BlockBody: Codable, Hashable, Sendable {
        /// The block number.
        public var number: UInt64
        /// The block hash.
        public var hash: String
        /// The parent's hash.
        public var parentHash: String
        /// The block time (ms since the Unix epoch).
        public var timestampMs: UInt64
        /// The txs root.
        public var txsRoot: String
        /// The receipts root.
        public var receiptsRoot: String
        /// The state root after the block.
        public var stateRoot: String
        /// The transaction ids, in order.
        public var txs: [String]
        /// The receipts, in order.
        public var receipts: [ReceiptBody]

        enum CodingKeys: String, CodingKey {
            case number, hash, txs, receipts
            case parentHash = "parent_hash"
            case timestampMs = "timestamp_ms"
            case txsRoot = "txs_root"
            case receiptsRoot = "receipts_root"
            case stateRoot = "state_root"
        }

        /// The JSON of a stored block.
        public init(_ stored: BlockStore.StoredBlock) {
            let header = stored.block.header
            number = header.number
            hash = header.hash.description
            parentHash = header.parentHash.description
            timestampMs = header.timestampMillis
            txsRoot = header.txsRoot.description
            receiptsRoot = header.receiptsRoot.description
            stateRoot = header.stateRoot.description
            txs = stored.block.transactions.map { $0.hash.description }
            receipts = stored.receipts.map { receipt in
                switch receipt.status {
                case .success:
                    ReceiptBody(
                        txHash: receipt.transactionHash.description, status: "success", reason: nil,
                        feePaid: receipt.feePaid)
                case .failed(let reason), .rejected(let reason):
                    ReceiptBody(
                        txHash: receipt.transactionHash.description, status: "failed", reason: Int(reason.rawValue),
                        feePaid: receipt.feePaid)
                }
            }
        }
    }

    /// `GET /v1/txs/{hash}`: where a sealed transaction is.
    public struct TransactionLocation: Codable, Hashable, Sendable {
        /// The block.
        public var block: UInt64
        /// The position in the block.
        public var index: UInt32

        /// Creates a location.
        public init(block: UInt64, index: UInt32) {
            self.block = block
            self.index = index
        }
    }

    /// `GET /v1/accounts/{address}`.
    public struct AccountBody: Codable, Hashable, Sendable {
        /// The bech32 address.
        public var address: String
        /// The account index.
        public var index: UInt64
        /// The next nonce.
        public var nonce: UInt64
        /// The balance.
        public var balance: Amount
        /// The public key, hex, once known.
        public var publicKey: String?

        enum CodingKeys: String, CodingKey {
            case address, index, nonce, balance
            case publicKey = "public_key"
        }
    }
}
