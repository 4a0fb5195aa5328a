import Common
import L1App
import L1Consensus

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The read methods: node, chain, transactions, state, mempool.
extension RPCDispatcher {
    /// The default `validators` page size, as in CometBFT.
    static let defaultPerPage = 30
    /// The default `unconfirmed_txs` limit, as in CometBFT.
    static let defaultUnconfirmedLimit = 30
    /// The longest `abci_query` path.
    static let maxQueryPathBytes = 512

    func health() async throws(RPCError) -> [UInt8] {
        try await run { () async throws(RPCBackendError) in try await backend.health() }
        return try encode(RPCModel.Empty())
    }

    func status() async throws(RPCError) -> [UInt8] {
        let status = try await run { () async throws(RPCBackendError) in try await backend.status() }
        let validator = status.validator.map { validator in
            RPCModel.ValidatorInfo(
                address: RPCEncoding.hex(validator.address.bytes), pubKey: RPCModel.PublicKey(validator.publicKey),
                votingPower: String(validator.votingPower))
        }
        return try encode(
            RPCModel.StatusResult(
                nodeInfo: RPCModel.NodeInfo(status.nodeInfo, version: status.softwareVersion),
                syncInfo: RPCModel.SyncInfo(
                    latest: status.latestBlock, earliest: status.earliestBlock, catchingUp: status.catchingUp),
                validatorInfo: validator))
    }

    func netInfo() async throws(RPCError) -> [UInt8] {
        let info = try await run { () async throws(RPCBackendError) in try await backend.netInfo() }
        let peers = info.peers.sorted { $0.id < $1.id }.map(RPCModel.Peer.init)
        return try encode(
            RPCModel.NetInfoResult(
                listening: info.listening, listeners: info.listeners, nPeers: String(peers.count), peers: peers))
    }

    func genesis() async throws(RPCError) -> [UInt8] {
        let document = try await run { () async throws(RPCBackendError) in try await backend.genesis() }
        guard document.count <= configuration.maxGenesisBytes else {
            throw RPCError(
                .internalError,
                "the genesis document has \(document.count) bytes, more than the \(configuration.maxGenesisBytes) "
                    + "this endpoint serves; read the genesis file instead")
        }
        guard case .success(.object) = JSONRPCEnvelope.parse(document) else {
            throw RPCError(.internalError, "the stored genesis document is not a JSON object")
        }
        return Array(#"{"genesis":"#.utf8) + document + [UInt8(ascii: "}")]
    }

    func block(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let height = try params.height()
        let block = try await run { () async throws(RPCBackendError) in try await backend.block(at: height) }
        let lastCommitValidators = await validatorSet(at: block.lastCommit?.height)
        return try encode(
            RPCModel.BlockResult(
                blockID: RPCModel.BlockID(block.id),
                block: RPCModel.Block(block, lastCommitValidators: lastCommitValidators)))
    }

    func blockResults(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let height = try params.height()
        let results = try await run { () async throws(RPCBackendError) in try await backend.blockResults(at: height) }
        return try encode(RPCModel.BlockResultsResult(results))
    }

    func commit(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let height = try params.height()
        let signed = try await run { () async throws(RPCBackendError) in try await backend.commit(at: height) }
        let validators = await validatorSet(at: signed.commit.height)
        return try encode(
            RPCModel.CommitResult(
                signedHeader: RPCModel.SignedHeader(
                    header: RPCModel.Header(signed.header),
                    commit: RPCModel.Commit(signed.commit, validators: validators)),
                canonical: signed.canonical))
    }

    /// The set of `height`, to name commit signers; `nil` (names left empty) if the node does not have it.
    private func validatorSet(at height: Height?) async -> ValidatorSet? {
        guard let height else { return nil }
        return try? await backend.validators(at: height).validators
    }

    func validators(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let height = try params.height()
        let page = try params.integer("page")
        let perPageAsked = try params.integer("per_page")
        let record = try await run { () async throws(RPCBackendError) in try await backend.validators(at: height) }
        let all = record.validators.validators
        let perPage = Self.clampedPageSize(
            perPageAsked, default: Self.defaultPerPage, max: configuration.maxValidatorsPerPage)
        let pages = max(1, (all.count + perPage - 1) / perPage)
        let pageNumber = page ?? 1
        guard pageNumber >= 1, pageNumber <= pages else {
            throw .invalidParams("page should be within [1, \(pages)] range, given \(pageNumber)")
        }
        let start = (Int(pageNumber) - 1) * perPage
        let slice = all[start..<min(all.count, start + perPage)]
        return try encode(
            RPCModel.ValidatorsResult(
                blockHeight: String(record.height.rawValue), validators: slice.map(RPCModel.Validator.init),
                count: String(slice.count), total: String(all.count)))
    }

    /// CometBFT's rule: a missing or non-positive size is the default, a size over the cap is the cap.
    static func clampedPageSize(_ asked: Int64?, default defaultSize: Int, max cap: Int) -> Int {
        let cap = Swift.max(1, cap)
        guard let asked, asked > 0 else { return Swift.min(defaultSize, cap) }
        return Int(Swift.min(asked, Int64(cap)))
    }

    func tx(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let hash = try RPCParams.required(try params.hash("hash"), "hash")
        let prove = try params.bool("prove") ?? false
        let found = try await run { () async throws(RPCBackendError) in try await backend.transaction(hash: hash) }
        guard let indexed = found else {
            throw RPCError(.notFound, "tx (\(RPCEncoding.hex(hash))) not found")
        }
        var proof: RPCModel.TxProof?
        if prove { proof = try await inclusionProof(of: indexed) }
        return try encode(
            RPCModel.TxLookupResult(
                hash: RPCEncoding.hex(hash), height: String(indexed.height.rawValue), index: indexed.index,
                txResult: RPCModel.TxResult(indexed.result), tx: RPCEncoding.base64(indexed.tx), proof: proof))
    }

    /// The list Merkle proof of `indexed` against its block's `dataHash`.
    private func inclusionProof(of indexed: IndexedTransaction) async throws(RPCError) -> RPCModel.TxProof {
        let block = try await run { () async throws(RPCBackendError) in try await backend.block(at: indexed.height) }
        let index = Int(indexed.index)
        guard block.transactions.indices.contains(index), block.transactions[index] == indexed.tx else {
            throw RPCError(.internalError, "the transaction index disagrees with block \(indexed.height)")
        }
        let leaves = block.transactions.map { MerkleList.leafHash($0) }
        guard let proof = MerkleList.proof(index: index, leafHashes: leaves) else {
            throw RPCError(.internalError, "no proof for transaction \(index) of block \(indexed.height)")
        }
        return RPCModel.TxProof(
            rootHash: RPCEncoding.hex(block.header.dataHash), data: RPCEncoding.base64(indexed.tx),
            proof: RPCModel.MerkleProof(
                total: String(proof.count), index: String(proof.index), leafHash: RPCEncoding.hex(leaves[index]),
                aunts: proof.path.map { RPCEncoding.hex($0) }))
    }

    func abciQuery(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let path = try RPCParams.required(try params.string("path"), "path")
        guard path.utf8.count <= Self.maxQueryPathBytes else {
            throw .invalidParams("path has \(path.utf8.count) bytes, at most \(Self.maxQueryPathBytes)")
        }
        let data = try params.hexBytes("data") ?? []
        let height = try params.integer("height") ?? 0
        guard height >= 0 else { throw .invalidParams("height must be 0 (latest) or positive, but got \(height)") }
        let prove = try params.bool("prove") ?? false
        let request = QueryRequest(path: path, data: data, height: UInt64(height), prove: prove)
        let response = try await run { () async throws(RPCBackendError) in try await backend.query(request) }
        return try encode(RPCModel.QueryResult(response: RPCModel.QueryAnswer(response)))
    }

    func unconfirmedTxs(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let limit = Self.clampedPageSize(
            try params.integer("limit"), default: Self.defaultUnconfirmedLimit, max: configuration.maxUnconfirmedTxs)
        let mempool = try await run { () async throws(RPCBackendError) in
            try await backend.unconfirmedTransactions(limit: limit)
        }
        let txs = mempool.txs.prefix(limit)
        return try encode(
            RPCModel.UnconfirmedTxsResult(
                nTxs: String(txs.count), total: String(mempool.total), totalBytes: String(mempool.totalBytes),
                txs: txs.map(RPCEncoding.base64)))
    }

    func numUnconfirmedTxs() async throws(RPCError) -> [UInt8] {
        let mempool = try await run { () async throws(RPCBackendError) in try await backend.unconfirmedCount() }
        return try encode(
            RPCModel.UnconfirmedTxsResult(
                nTxs: String(mempool.total), total: String(mempool.total), totalBytes: String(mempool.totalBytes),
                txs: nil))
    }
}
