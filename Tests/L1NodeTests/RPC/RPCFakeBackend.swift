import Common
import L1App
import L1Consensus
import Synchronization

@testable import L1Node

/// An in-memory chain behind the RPC interface: a few real blocks (real headers, data hashes and ids), their
/// results, a validator set, a mempool and a transaction index, with switches for the cases tests need.
final class RPCFakeBackend: RPCBackend {
    struct State {
        var blocks: [Block] = []
        var results: [FinalizeBlockResponse] = []
        var mempool: [[UInt8]] = []
        var index: [Hash: IndexedTransaction] = [:]
        /// What checkTx answers.
        var checkCode = ResultCode.ok
        /// Whether an admitted transaction is committed (a block with it published) right away.
        var commitOnAdmit = true
        var healthy = true
    }

    let chainID = "strata-rpc-test"
    let keys: [Ed25519PrivateKey]
    let validatorSet: ValidatorSet
    let feed = RPCEventFeed(bufferSize: 64, maxSubscribers: 16)
    let state = Mutex(State())
    let nodeInfo: NodeInfo

    static let genesisJSON = #"{"chain_id":"strata-rpc-test","initial_height":"1","app_state":{"accounts":[]}}"#

    /// A chain with `blocks` blocks of `txsPerBlock` transactions each.
    init(blocks: Int = 3, txsPerBlock: Int = 2) throws {
        keys = try (1...3).map { i throws in try Ed25519PrivateKey(seed: [UInt8](repeating: UInt8(i), count: 32)) }
        validatorSet = try ValidatorSet.genesis(keys.map { ($0.publicKey, 10) })
        let nodeKey = try Ed25519PrivateKey(seed: [UInt8](repeating: 9, count: 32))
        nodeInfo = NodeInfo(
            nodeID: NodeID(publicKey: nodeKey.publicKey), network: chainID, version: .current,
            listenAddress: "127.0.0.1:26656", moniker: "fake")
        for _ in 0..<blocks {
            let txs = (0..<txsPerBlock).map { i in Array("tx-\(state.withLock { $0.blocks.count })-\(i)".utf8) }
            commitBlock(txs)
        }
    }

    static func transferEvent(_ sender: String) -> Event {
        Event(type: "transfer", attributes: [EventAttribute(key: "sender", value: sender)])
    }

    /// Appends a block with `txs`, indexes them and publishes NewBlock then one Tx event each.
    @discardableResult
    func commitBlock(_ txs: [[UInt8]]) -> Block {
        let (block, results, indexed) = state.withLock { state in
            let height = Height(UInt64(state.blocks.count + 1))
            let previous = state.blocks.last
            let lastCommit = previous.map { previous in
                Commit(
                    height: previous.height, round: .zero, blockID: previous.id,
                    signatures: [
                        .commit(try! Ed25519Signature(bytes: [UInt8](repeating: 1, count: 64))), .absent,
                        .nilVote(try! Ed25519Signature(bytes: [UInt8](repeating: 2, count: 64))),
                    ])
            }
            let header = Header(
                chainID: chainID, height: height,
                time: Timestamp(nanoseconds: 1_700_000_000_000_000_000 + height.rawValue * 1_500_000_000),
                lastBlockID: previous?.id, lastCommitHash: lastCommit?.hash ?? .zero, dataHash: Block.dataHash(txs),
                validatorsHash: validatorSet.hash, nextValidatorsHash: validatorSet.hash,
                appHash: Hash.blake2b(Array("app-\(height)".utf8)), lastResultsHash: .zero,
                evidenceHash: Block.evidenceHash([]), proposerAddress: validatorSet.validators[0].address)
            let block = Block(header: header, transactions: txs, evidence: [], lastCommit: lastCommit)
            let txResults = txs.enumerated().map { index, _ in
                TxResult(code: .ok, log: "", events: [Self.transferEvent("sender-\(height)-\(index)")])
            }
            let results = FinalizeBlockResponse(
                txResults: txResults, events: [Event(type: "block", attributes: [])],
                validatorUpdates: [L1App.ValidatorUpdate(publicKey: keys[0].publicKey, power: 20)],
                appHash: Hash.blake2b(Array("app-after-\(height)".utf8)))
            state.blocks.append(block)
            state.results.append(results)
            var indexed: [IndexedTransaction] = []
            for (index, tx) in txs.enumerated() {
                let record = IndexedTransaction(tx: tx, height: height, index: UInt32(index), result: txResults[index])
                state.index[record.hash] = record
                state.mempool.removeAll { $0 == tx }
                indexed.append(record)
            }
            return (block, results, indexed)
        }
        feed.publish(.newBlock(block, results))
        for record in indexed { feed.publish(.tx(record)) }
        return block
    }

    private func stored(_ height: Height?) throws(RPCBackendError) -> Int {
        let count = state.withLock { $0.blocks.count }
        guard count > 0 else { throw .noBlocks }
        guard let height else { return count - 1 }
        guard height.rawValue <= UInt64(count) else {
            throw .heightInFuture(requested: height.rawValue, latest: UInt64(count))
        }
        return Int(height.rawValue) - 1
    }

    func summary(_ index: Int) -> BlockSummary {
        state.withLock { state in
            let block = state.blocks[index]
            return BlockSummary(
                height: block.height, blockID: block.id, appHash: state.results[index].appHash, time: block.header.time)
        }
    }

    // MARK: RPCBackend

    func status() async throws(RPCBackendError) -> NodeStatus {
        let count = state.withLock { $0.blocks.count }
        return NodeStatus(
            nodeInfo: nodeInfo, softwareVersion: "0.1.0-test", latestBlock: count > 0 ? summary(count - 1) : nil,
            earliestBlock: count > 0 ? summary(0) : nil, catchingUp: false,
            validator: ValidatorStatus(publicKey: keys[0].publicKey, votingPower: 10))
    }

    func netInfo() async throws(RPCBackendError) -> NetworkInfo {
        let peerKey = try! Ed25519PrivateKey(seed: [UInt8](repeating: 8, count: 32))
        let peerInfo = NodeInfo(
            nodeID: NodeID(publicKey: peerKey.publicKey), network: chainID, version: .current,
            listenAddress: "10.0.0.2:26656", moniker: "peer")
        let peer = PeerInfo(
            id: peerInfo.nodeID, nodeInfo: peerInfo, remoteAddress: "10.0.0.2:40000", direction: .outbound,
            bytesReceived: 100, bytesSent: 200)
        return NetworkInfo(listening: true, listeners: ["127.0.0.1:26656"], peers: [peer])
    }

    func block(at height: Height?) async throws(RPCBackendError) -> Block {
        let index = try stored(height)
        return state.withLock { $0.blocks[index] }
    }

    func blockResults(at height: Height?) async throws(RPCBackendError) -> StoredBlockResults {
        let index = try stored(height)
        return state.withLock { StoredBlockResults(height: $0.blocks[index].height, results: $0.results[index]) }
    }

    func commit(at height: Height?) async throws(RPCBackendError) -> SignedHeader {
        let index = try stored(height)
        return state.withLock { state in
            let block = state.blocks[index]
            let commit = Commit(
                height: block.height, round: .zero, blockID: block.id,
                signatures: [.commit(try! Ed25519Signature(bytes: [UInt8](repeating: 3, count: 64))), .absent, .absent])
            return SignedHeader(header: block.header, commit: commit, canonical: index + 1 < state.blocks.count)
        }
    }

    func validators(at height: Height?) async throws(RPCBackendError) -> HeightValidators {
        let index = try stored(height)
        return HeightValidators(height: Height(UInt64(index + 1)), validators: validatorSet)
    }

    func genesis() async throws(RPCBackendError) -> [UInt8] { Array(Self.genesisJSON.utf8) }

    func checkAndAdmit(_ tx: [UInt8]) async throws(RPCBackendError) -> CheckTxResponse {
        let (code, commit) = state.withLock { ($0.checkCode, $0.commitOnAdmit) }
        guard code == .ok else {
            return CheckTxResponse(
                code: code, log: "fee 10ustrata below minimum 250ustrata", priority: 0, sender: nil, nonce: nil)
        }
        state.withLock { $0.mempool.append(tx) }
        if commit {
            Task {
                try? await Task.sleep(for: .milliseconds(20))
                self.commitBlock([tx])
            }
        }
        return CheckTxResponse(code: .ok, log: "", priority: 1, sender: nil, nonce: nil)
    }

    func submit(_ tx: [UInt8]) async throws(RPCBackendError) {
        state.withLock { $0.mempool.append(tx) }
    }

    func transaction(hash: Hash) async throws(RPCBackendError) -> IndexedTransaction? {
        state.withLock { $0.index[hash] }
    }

    func query(_ request: QueryRequest) async throws(RPCBackendError) -> QueryResponse {
        guard request.path == "/account" else {
            return QueryResponse(
                code: .unknownQueryPath, log: "unknown path \(request.path)", key: [], value: nil, proof: nil,
                height: request.height)
        }
        let proof = request.prove ? StateProof(leaf: nil, siblings: [.zero, Hash.blake2b([1])]) : nil
        return QueryResponse(
            code: .ok, log: "", key: request.data, value: [1, 2, 3], proof: proof,
            height: request.height == 0 ? 3 : request.height)
    }

    func unconfirmedTransactions(limit: Int) async throws(RPCBackendError) -> UnconfirmedTransactions {
        state.withLock { state in
            UnconfirmedTransactions(
                txs: Array(state.mempool.prefix(limit)), total: state.mempool.count,
                totalBytes: state.mempool.reduce(0) { $0 + $1.count })
        }
    }

    func unconfirmedCount() async throws(RPCBackendError) -> UnconfirmedTransactions {
        state.withLock { state in
            UnconfirmedTransactions(
                txs: [], total: state.mempool.count, totalBytes: state.mempool.reduce(0) { $0 + $1.count })
        }
    }

    func health() async throws(RPCBackendError) {
        guard state.withLock({ $0.healthy }) else { throw .unavailable("consensus is stalled") }
    }

    func events() -> AsyncStream<NodeEvent> { feed.subscribe() }
}
