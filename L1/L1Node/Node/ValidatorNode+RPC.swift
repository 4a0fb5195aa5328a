import Common
import Foundation
import L1App
import L1Consensus

/// The node answers its RPC server directly: every call runs on the node's actor, between consensus events,
/// so a reply always reflects one consistent moment of the chain.
extension ValidatorNode: RPCBackend {
    /// The version the node reports in `/status`.
    public static let softwareVersion = "0.1.0"

    public func status() async throws(RPCBackendError) -> NodeStatus {
        let state = driver.state
        let latest = state.lastBlockID.map {
            BlockSummary(height: state.lastBlockHeight, blockID: $0, appHash: state.appHash, time: state.lastBlockTime)
        }
        let earliest = store.block(at: Height(1)).map {
            BlockSummary(
                height: $0.height, blockID: $0.id, appHash: store.state(atHeight: $0.height)?.appHash ?? .zero,
                time: $0.header.time)
        }
        let validator = validatorKey.flatMap { key in
            state.validators.index(of: key).map {
                ValidatorStatus(publicKey: key, votingPower: state.validators.validators[$0].votingPower)
            }
        }
        return NodeStatus(
            nodeInfo: NodeInfo(
                nodeID: nodeID, network: chainID, version: .current,
                listenAddress: p2p.listenAddress?.description ?? config.p2p.listenAddress, moniker: config.moniker),
            softwareVersion: Self.softwareVersion, latestBlock: latest, earliestBlock: earliest,
            catchingUp: isCatchingUp, validator: validator)
    }

    public func netInfo() async throws(RPCBackendError) -> NetworkInfo {
        NetworkInfo(
            listening: p2p.listenAddress != nil, listeners: p2p.listenAddress.map { [$0.description] } ?? [],
            peers: p2p.peers)
    }

    public func block(at height: Height?) async throws(RPCBackendError) -> Block {
        let height = try resolve(height)
        guard let block = store.block(at: height) else { throw .notFound("block at height \(height)") }
        return block
    }

    public func blockResults(at height: Height?) async throws(RPCBackendError) -> StoredBlockResults {
        let height = try resolve(height)
        do {
            guard let results = try store.results(at: height) else { throw RPCBackendError.notFound("results") }
            return StoredBlockResults(height: height, results: results)
        } catch let error as RPCBackendError {
            throw error
        } catch {
            throw .internalFailure("reading results at \(height): \(error)")
        }
    }

    public func commit(at height: Height?) async throws(RPCBackendError) -> SignedHeader {
        let height = try resolve(height)
        guard let block = store.block(at: height) else { throw .notFound("block at height \(height)") }
        // The commit in the next block is the canonical one; until it exists, the node's own (seen) commit.
        if let next = store.block(at: height.next), let commit = next.lastCommit {
            return SignedHeader(header: block.header, commit: commit, canonical: true)
        }
        guard let seen = store.commit(at: height) else { throw .notFound("commit at height \(height)") }
        return SignedHeader(header: block.header, commit: seen, canonical: false)
    }

    public func validators(at height: Height?) async throws(RPCBackendError) -> HeightValidators {
        let latest = driver.state.nextHeight
        let height = height ?? driver.state.lastBlockHeight
        guard height <= latest else {
            throw .heightInFuture(requested: height.rawValue, latest: latest.rawValue)
        }
        let set = height == latest ? driver.state.validators : store.validators(at: height)
        guard let set else { throw .notFound("validator set at height \(height)") }
        return HeightValidators(height: height, validators: set)
    }

    public func genesis() async throws(RPCBackendError) -> [UInt8] { genesisJSON }

    public func checkAndAdmit(_ tx: [UInt8]) async throws(RPCBackendError) -> CheckTxResponse {
        do {
            let admission = try admit(tx)
            return CheckTxResponse(code: .ok, log: "", priority: admission.priority, sender: nil, nonce: nil)
        } catch {
            return try Self.checkTxResponse(for: error)
        }
    }

    public func submit(_ tx: [UInt8]) async throws(RPCBackendError) {
        _ = try await checkAndAdmit(tx)
    }

    public func transaction(hash: Hash) async throws(RPCBackendError) -> IndexedTransaction? {
        let stored: StoredTransaction?
        do { stored = try store.transaction(byHash: hash) } catch {
            throw .internalFailure("reading the transaction index: \(error)")
        }
        guard let stored, let result = stored.result else { return nil }
        return IndexedTransaction(
            tx: stored.transaction, height: stored.height, index: UInt32(stored.index), result: result)
    }

    public func query(_ request: QueryRequest) async throws(RPCBackendError) -> QueryResponse {
        do { return try application.query(request) } catch {
            throw .internalFailure("query \(request.path): \(error)")
        }
    }

    public func unconfirmedTransactions(limit: Int) async throws(RPCBackendError) -> UnconfirmedTransactions {
        let entries = mempool.orderedEntries(maxTransactions: max(0, limit))
        return UnconfirmedTransactions(
            txs: entries.map(\.transaction), total: mempool.count, totalBytes: mempool.totalBytes)
    }

    public func unconfirmedCount() async throws(RPCBackendError) -> UnconfirmedTransactions {
        UnconfirmedTransactions(txs: [], total: mempool.count, totalBytes: mempool.totalBytes)
    }

    public func health() async throws(RPCBackendError) {}

    public nonisolated func events() -> AsyncStream<NodeEvent> { eventFeed.subscribe() }

    // MARK: - Helpers

    /// Whether the node is behind its peers (it learned of a later height than it is deciding).
    var isCatchingUp: Bool { driver.isCatchingUp }

    private func resolve(_ height: Height?) throws(RPCBackendError) -> Height {
        let latest = driver.state.lastBlockHeight
        guard latest > Height(0) else { throw .noBlocks }
        guard let height else { return latest }
        guard height <= latest else { throw .heightInFuture(requested: height.rawValue, latest: latest.rawValue) }
        guard height > Height(0) else { throw .notFound("height 0 (the first block is height 1)") }
        return height
    }

    private static func checkTxResponse(for error: MempoolError) throws(RPCBackendError) -> CheckTxResponse {
        switch error {
        case .rejected(let code, let log):
            return CheckTxResponse(code: code, log: log, priority: 0, sender: nil, nonce: nil)
        case .alreadyInMempool, .alreadyCommitted, .recentlyRejected:
            throw .alreadyKnown
        case .mempoolFull:
            throw .mempoolFull(error.description)
        case .transactionTooLarge:
            return CheckTxResponse(
                code: .transactionTooLarge, log: error.description, priority: 0, sender: nil, nonce: nil)
        case .senderGap, .nonceTaken:
            return CheckTxResponse(code: .badNonce, log: error.description, priority: 0, sender: nil, nonce: nil)
        case .staleUpdate, .application:
            throw .internalFailure(error.description)
        }
    }
}

extension SQLiteBlockStore {
    /// The chain state after `height`, or nil (read errors count as absent for RPC summaries).
    func state(atHeight height: Height) -> ChainState? { try? state(at: height) }
}
