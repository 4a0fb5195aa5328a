import Common
import L1Consensus

extension RPCModel {
    /// A block header.
    public struct Header: Codable, Hashable, Sendable {
        /// The chain id.
        public var chainID: String
        /// The height, decimal.
        public var height: String
        /// The block time, RFC 3339.
        public var time: String
        /// The previous block, or `null` at the first height.
        public var lastBlockID: BlockID?
        /// Hash of the previous block's commit.
        public var lastCommitHash: String
        /// List Merkle root of the transactions.
        public var dataHash: String
        /// Hash of the set deciding this block.
        public var validatorsHash: String
        /// Hash of the set deciding the next block.
        public var nextValidatorsHash: String
        /// The state root after the previous block.
        public var appHash: String
        /// Root of the previous block's transaction results.
        public var lastResultsHash: String
        /// Root of this block's evidence.
        public var evidenceHash: String
        /// The proposer's validator address.
        public var proposerAddress: String

        /// Encodes every field, `last_block_id` as `null` at the first height.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(chainID, forKey: .chainID)
            try container.encode(height, forKey: .height)
            try container.encode(time, forKey: .time)
            try container.encode(lastBlockID, forKey: .lastBlockID)
            try container.encode(lastCommitHash, forKey: .lastCommitHash)
            try container.encode(dataHash, forKey: .dataHash)
            try container.encode(validatorsHash, forKey: .validatorsHash)
            try container.encode(nextValidatorsHash, forKey: .nextValidatorsHash)
            try container.encode(appHash, forKey: .appHash)
            try container.encode(lastResultsHash, forKey: .lastResultsHash)
            try container.encode(evidenceHash, forKey: .evidenceHash)
            try container.encode(proposerAddress, forKey: .proposerAddress)
        }

        enum CodingKeys: String, CodingKey {
            case chainID = "chain_id"
            case height, time
            case lastBlockID = "last_block_id"
            case lastCommitHash = "last_commit_hash"
            case dataHash = "data_hash"
            case validatorsHash = "validators_hash"
            case nextValidatorsHash = "next_validators_hash"
            case appHash = "app_hash"
            case lastResultsHash = "last_results_hash"
            case evidenceHash = "evidence_hash"
            case proposerAddress = "proposer_address"
        }
    }

    /// One validator's entry in a commit.
    public struct CommitSignature: Codable, Hashable, Sendable {
        /// 1: absent, 2: voted for the block, 3: voted nil (CometBFT's `BlockIDFlag`).
        public var blockIDFlag: Int
        /// The validator's address (empty when the height's set is not known to the node).
        public var validatorAddress: String
        /// The Ed25519 signature, base64; `null` when absent.
        public var signature: String?

        /// Encodes every field, `signature` as `null` when absent.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(blockIDFlag, forKey: .blockIDFlag)
            try container.encode(validatorAddress, forKey: .validatorAddress)
            try container.encode(signature, forKey: .signature)
        }

        enum CodingKeys: String, CodingKey {
            case blockIDFlag = "block_id_flag"
            case validatorAddress = "validator_address"
            case signature
        }
    }

    /// The precommits that decided a block.
    public struct Commit: Codable, Hashable, Sendable {
        /// The committed height, decimal.
        public var height: String
        /// The round that decided it.
        public var round: UInt32
        /// The committed block.
        public var blockID: BlockID
        /// One entry per validator of the height's set, in set order.
        public var signatures: [CommitSignature]

        enum CodingKeys: String, CodingKey {
            case height, round
            case blockID = "block_id"
            case signatures
        }
    }

    /// Committed evidence of a validator signing two different votes.
    public struct Evidence: Codable, Hashable, Sendable {
        /// Always `duplicate_vote`.
        public var type: String
        /// The evidence hash.
        public var hash: String
        /// The height of the equivocation, decimal.
        public var height: String
        /// The equivocating validator.
        public var validatorAddress: String
        /// Its power at that height, decimal.
        public var validatorPower: String
        /// The set's total power at that height, decimal.
        public var totalVotingPower: String
        /// The time of the block at that height.
        public var time: String

        enum CodingKeys: String, CodingKey {
            case type, hash, height
            case validatorAddress = "validator_address"
            case validatorPower = "validator_power"
            case totalVotingPower = "total_voting_power"
            case time
        }
    }

    /// A block's transactions: `{"txs": ["base64", ...]}`.
    public struct BlockData: Codable, Hashable, Sendable {
        /// The transactions, base64, in block order.
        public var txs: [String]
    }

    /// A block's evidence: `{"evidence": [...]}`.
    public struct EvidenceList: Codable, Hashable, Sendable {
        /// The evidence items.
        public var evidence: [Evidence]
    }

    /// A block.
    public struct Block: Codable, Hashable, Sendable {
        /// The header.
        public var header: Header
        /// The transactions.
        public var data: BlockData
        /// The committed evidence.
        public var evidence: EvidenceList
        /// The commit of the previous block, `null` at the first height.
        public var lastCommit: Commit?

        /// Encodes every field, `last_commit` as `null` at the first height.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(header, forKey: .header)
            try container.encode(data, forKey: .data)
            try container.encode(evidence, forKey: .evidence)
            try container.encode(lastCommit, forKey: .lastCommit)
        }

        enum CodingKeys: String, CodingKey {
            case header, data, evidence
            case lastCommit = "last_commit"
        }
    }

    /// The result of `block`: `{"block_id": ..., "block": ...}`.
    public struct BlockResult: Codable, Hashable, Sendable {
        /// The block's id.
        public var blockID: BlockID
        /// The block.
        public var block: Block

        enum CodingKeys: String, CodingKey {
            case blockID = "block_id"
            case block
        }
    }

    /// A header with the commit that decided it.
    public struct SignedHeader: Codable, Hashable, Sendable {
        /// The header.
        public var header: Header
        /// The commit.
        public var commit: Commit
    }

    /// The result of `commit`: `{"signed_header": {...}, "canonical": true}`.
    public struct CommitResult: Codable, Hashable, Sendable {
        /// The header and its commit.
        public var signedHeader: SignedHeader
        /// Whether the commit is the one the next block carries (not the node's own seen commit).
        public var canonical: Bool

        enum CodingKeys: String, CodingKey {
            case signedHeader = "signed_header"
            case canonical
        }
    }
}

extension RPCModel.Header {
    init(_ header: L1Consensus.Header) {
        chainID = header.chainID
        height = String(header.height.rawValue)
        time = RPCEncoding.time(nanoseconds: header.time.nanoseconds)
        lastBlockID = header.lastBlockID.map(RPCModel.BlockID.init)
        lastCommitHash = RPCEncoding.hex(header.lastCommitHash)
        dataHash = RPCEncoding.hex(header.dataHash)
        validatorsHash = RPCEncoding.hex(header.validatorsHash)
        nextValidatorsHash = RPCEncoding.hex(header.nextValidatorsHash)
        appHash = RPCEncoding.hex(header.appHash)
        lastResultsHash = RPCEncoding.hex(header.lastResultsHash)
        evidenceHash = RPCEncoding.hex(header.evidenceHash)
        proposerAddress = RPCEncoding.hex(header.proposerAddress.bytes)
    }
}

extension RPCModel.Commit {
    /// A commit; `validators` (the set of the commit's height) names each entry's validator when known.
    init(_ commit: L1Consensus.Commit, validators: ValidatorSet?) {
        height = String(commit.height.rawValue)
        round = commit.round.rawValue
        blockID = RPCModel.BlockID(commit.blockID)
        signatures = commit.signatures.enumerated().map { index, entry in
            let address = validators?.validator(at: index).map { RPCEncoding.hex($0.address.bytes) } ?? ""
            switch entry {
            case .absent:
                return RPCModel.CommitSignature(blockIDFlag: 1, validatorAddress: address, signature: nil)
            case .commit(let signature):
                return RPCModel.CommitSignature(
                    blockIDFlag: 2, validatorAddress: address, signature: RPCEncoding.base64(signature.bytes))
            case .nilVote(let signature):
                return RPCModel.CommitSignature(
                    blockIDFlag: 3, validatorAddress: address, signature: RPCEncoding.base64(signature.bytes))
            }
        }
    }
}

extension RPCModel.Evidence {
    init(_ evidence: DuplicateVoteEvidence) {
        type = "duplicate_vote"
        hash = RPCEncoding.hex(evidence.hash)
        height = String(evidence.height.rawValue)
        validatorAddress = RPCEncoding.hex(evidence.validatorAddress.bytes)
        validatorPower = String(evidence.validatorPower)
        totalVotingPower = String(evidence.totalVotingPower)
        time = RPCEncoding.time(nanoseconds: evidence.time.nanoseconds)
    }
}

extension RPCModel.Block {
    /// A block; `lastCommitValidators` is the set of the previous height, to name the last commit's signers.
    init(_ block: L1Consensus.Block, lastCommitValidators: ValidatorSet?) {
        header = RPCModel.Header(block.header)
        data = RPCModel.BlockData(txs: block.transactions.map(RPCEncoding.base64))
        evidence = RPCModel.EvidenceList(evidence: block.evidence.map(RPCModel.Evidence.init))
        lastCommit = block.lastCommit.map { RPCModel.Commit($0, validators: lastCommitValidators) }
    }
}
