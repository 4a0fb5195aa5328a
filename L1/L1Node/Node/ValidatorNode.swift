import Common
import Foundation
import L1App
import L1Consensus
import L1Storage
import Logging

/// One L1 node: the consensus driver, the application behind its executor, the mempool, the block store and
/// the P2P switch, fed from one event stream so that every input is handled in order on one actor. Messages and
/// timers go in; messages, timers and persisted blocks come out of the driver and are carried out here.
public actor ValidatorNode {
    /// This node's P2P id.
    public nonisolated let nodeID: NodeID
    /// The chain id.
    public nonisolated let chainID: String

    let config: NodeConfig
    let logger: Logger
    nonisolated let p2p: P2PSwitch
    let driver: ConsensusDriver<NodeID>
    let executor: ApplicationExecutor
    let mempool: Mempool
    let store: SQLiteBlockStore
    let validatorKey: Ed25519PublicKey?
    let application: L1Application
    let genesisJSON: [UInt8]
    let startedAt = Date()
    /// The node's Prometheus metrics (served on the RPC's `/metrics`).
    public nonisolated let metrics = NodeMetrics()
    /// Decided blocks and their transactions, fanned out to RPC subscribers.
    /// Each subscriber may fall a whole full block behind (one event per transaction) before it is cut off.
    nonisolated let eventFeed = RPCEventFeed(bufferSize: Block.Limits.maxTransactions + 16, maxSubscribers: 100)
    /// Fired timers (one pending per scheduled timer; the driver schedules a bounded number per round).
    private nonisolated let timers: AsyncStream<DriverTimer>
    private let continuation: AsyncStream<DriverTimer>.Continuation
    /// Ends the run loop when consensus halts.
    private nonisolated let stopSignal: AsyncStream<Void>
    private let stop: AsyncStream<Void>.Continuation
    private var haltReason: String?
    private var committedListeners: [UInt64: AsyncStream<CommittedBlock>.Continuation] = [:]
    private var nextListener: UInt64 = 0
    private var lastCommitTime: Date?

    enum Input: Sendable {
        case p2p(P2PEvent)
        case timer(DriverTimer)
    }

    /// A decided block as the node reports it to subscribers (RPC websocket, `broadcast_tx_commit`).
    public struct CommittedBlock: Sendable {
        /// The block.
        public let block: Block
        /// Its commit.
        public let commit: Commit
    }

    /// Opens the node in `home`: the application and block store (created from `genesis` the first time), the
    /// startup handshake that replays blocks the application missed, the WAL, the private validator and the P2P
    /// identity. Nothing runs until ``run()``.
    public init(home: NodeHome, config: NodeConfig, genesis: GenesisDocument, logger: Logger) throws {
        try config.validate()
        try genesis.validate()
        self.config = config
        self.logger = logger
        chainID = genesis.chainID
        let request = try genesis.initChainRequest()
        let application = try L1Application(path: home.applicationFile)
        self.application = application
        genesisJSON = Array(try genesis.json())
        let store: SQLiteBlockStore
        let existing = try Self.openExistingStore(home: home, logger: logger)
        if let existing {
            store = existing
        } else {
            // A fresh node: the genesis chain state needs the application's genesis root.
            let initialized = try application.initChain(request)
            let state = ChainState(
                chainID: genesis.chainID, genesisTime: try genesis.time, validators: try genesis.validatorSet(),
                appHash: initialized.appHash)
            store = try SQLiteBlockStore(path: home.blockStoreFile, genesis: state)
        }
        self.store = store
        let validatorFile = try ValidatorKeyFile.load(path: home.validatorKeyFile)
        let privValidator = try PrivValidator(
            key: validatorFile.privateKey, store: FileSignStateStore(path: home.signStateFile))
        validatorKey = validatorFile.publicKey
        mempool = Mempool(
            application: application,
            configuration: Mempool.Configuration(
                maxTransactions: config.mempool.size, maxTotalBytes: config.mempool.maxTxsBytes,
                cacheCapacity: config.mempool.cacheSize,
                denomination: genesis.appState.bank.params.denom))
        executor = ApplicationExecutor(
            application: application, mempool: mempool, store: store, proposerKey: validatorFile.publicKey)
        let report = try executor.handshake(genesis: request)
        if !report.replayed.isEmpty {
            logger.notice("replayed blocks into the application", metadata: ["blocks": "\(report.replayed.count)"])
        }
        let log = try WriteAheadLog.open(medium: try FileWALMedium(path: home.walFile))
        if !log.recovery.isClean {
            logger.warning(
                "consensus WAL had a torn or corrupt tail; cut back", metadata: ["recovery": "\(log.recovery)"])
        }
        driver = ConsensusDriver<NodeID>(
            state: report.state, timeouts: config.consensus.timeouts,
            signer: PrivValidatorSigner(privValidator: privValidator), journal: WALJournal(log: log),
            executor: executor, store: executor, gossipInterval: .milliseconds(config.consensus.gossipIntervalMs))
        let nodeKey = try ValidatorKeyFile.load(path: home.nodeKeyFile)
        var p2pConfig = P2PConfig(
            network: genesis.chainID, listen: try HostPort(config.p2p.listenAddress), moniker: config.moniker)
        if !config.p2p.externalAddress.isEmpty { p2pConfig.externalAddress = try HostPort(config.p2p.externalAddress) }
        p2pConfig.persistentPeers = config.persistentPeerAddresses.compactMap { $0 }
        p2pConfig.maxInboundPeers = config.p2p.maxInboundPeers
        // A full block travels with its proposal or its commit: the block channels take the largest consensus
        // message, not just the largest block.
        p2pConfig.channels[.consensusData] = ConsensusMessage.maxBytes
        p2pConfig.channels[.blockSync] = ConsensusMessage.maxBytes
        p2p = P2PSwitch(identity: nodeKey.privateKey, config: p2pConfig, logger: logger)
        nodeID = p2p.nodeID
        (timers, continuation) = AsyncStream<DriverTimer>.makeStream(bufferingPolicy: .unbounded)
        (stopSignal, stop) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The block store of an earlier run, or nil on a first start. A store left without its genesis row by a
    /// first start that crashed holds no decision and is removed, so that the node can start.
    private static func openExistingStore(home: NodeHome, logger: Logger) throws -> SQLiteBlockStore? {
        guard FileManager.default.fileExists(atPath: home.blockStoreFile) else { return nil }
        let result = Result { () throws(BlockStoreError) in
            try SQLiteBlockStore(path: home.blockStoreFile, genesis: nil)
        }
        switch result {
        case .success(let store):
            return store
        case .failure(.missingGenesis):
            logger.warning("the block store has no genesis (an interrupted first start); creating it again")
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: home.blockStoreFile + suffix)
            }
            return nil
        case .failure(let error):
            throw error
        }
    }

    /// Runs the node until the task is cancelled: starts P2P, replays the WAL, joins consensus, and handles
    /// every event in order. On cancellation it stops P2P and returns.
    public func run() async throws {
        try await p2p.start()
        logger.info(
            "node started",
            metadata: [
                "node": "\(nodeID)", "p2p": "\(p2p.listenAddress.map(\.description) ?? "-")",
                "height": "\(driver.state.lastBlockHeight)", "chain": "\(chainID)",
            ])
        carryOut(driver.start(now: Self.now()))
        // P2P events are consumed straight from the switch, so its event-queue limit bounds what waits for
        // the actor; timers come from their own stream; a halt ends both.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [p2p] in
                for await event in p2p.events { await self.handle(.p2p(event)) }
            }
            group.addTask { [timers] in
                for await timer in timers { await self.handle(.timer(timer)) }
            }
            group.addTask { [stopSignal] in
                for await _ in stopSignal { return }
            }
            _ = await group.next()
            group.cancelAll()
        }
        continuation.finish()
        eventFeed.finish()
        await p2p.stop()
        for listener in committedListeners.values { listener.finish() }
        logger.info("node stopped", metadata: ["height": "\(driver.state.lastBlockHeight)"])
        if let haltReason { throw ValidatorNodeError.halted(haltReason) }
    }

    /// Submits a transaction from a local client: checks it into the mempool and gossips it.
    public func admit(_ transaction: [UInt8]) throws(MempoolError) -> Mempool.Admission {
        let admission = try mempool.add(transaction)
        _ = try? p2p.broadcast(transaction, on: .mempool)
        return admission
    }

    /// A stream of decided blocks from now on.
    public func committedBlocks() -> AsyncStream<CommittedBlock> {
        let (stream, continuation) = AsyncStream<CommittedBlock>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = nextListener
        nextListener += 1
        committedListeners[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeListener(id) }
        }
        return stream
    }

    private func removeListener(_ id: UInt64) { committedListeners[id] = nil }

    // MARK: - Events

    private func handle(_ event: Input) {
        guard haltReason == nil, !Task.isCancelled else { return }
        switch event {
        case .timer(let timer):
            carryOut(driver.timerFired(timer, now: Self.now()))
        case .p2p(.message(let peer, let channel, let payload)):
            if channel == .mempool {
                receiveTransaction(payload, from: peer)
            } else if let message = ConsensusChannels.decode(payload, on: channel) {
                carryOut(driver.receive(message, from: peer, now: Self.now()))
            } else {
                logger.debug(
                    "dropped a malformed consensus message", metadata: ["peer": "\(peer)", "channel": "\(channel)"])
            }
        case .p2p(.peerConnected(let peer)):
            logger.info("peer connected", metadata: ["peer": "\(peer)"])
        case .p2p(.peerDisconnected(let peer, let reason)):
            logger.info("peer disconnected", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
        }
    }

    private func receiveTransaction(_ transaction: [UInt8], from peer: NodeID) {
        do {
            _ = try mempool.add(transaction)
            // Flood to the other peers; their caches stop the echo.
            for other in p2p.peers.map(\.id) where other != peer {
                try? p2p.send(transaction, on: .mempool, to: other)
            }
        } catch {
            logger.trace("peer transaction not admitted", metadata: ["peer": "\(peer)", "reason": "\(error)"])
        }
    }

    private func carryOut(_ effects: [DriverEffect<NodeID>]) {
        for effect in effects {
            switch effect {
            case .broadcast(let message):
                _ = try? p2p.broadcast(message.canonicalBytes, on: ConsensusChannels.channel(for: message))
            case .send(let message, let peer):
                try? p2p.send(message.canonicalBytes, on: ConsensusChannels.channel(for: message), to: peer)
            case .schedule(let timer, let duration):
                Task { [continuation] in
                    try? await Task.sleep(for: duration)
                    continuation.yield(timer)
                }
            case .committed(let block, let commit):
                let now = Date()
                let interval = lastCommitTime.map { now.timeIntervalSince($0) } ?? 0
                lastCommitTime = now
                publish(block, interval: interval)
                logger.info(
                    "committed block",
                    metadata: [
                        "height": "\(block.height)", "hash": "\(block.id)", "round": "\(commit.round)",
                        "txs": "\(block.transactions.count)", "interval_ms": "\(Int(interval * 1000))",
                    ])
                for listener in committedListeners.values {
                    listener.yield(CommittedBlock(block: block, commit: commit))
                }
            case .halt(let reason):
                haltReason = reason
                logger.critical(
                    "consensus halted: \(reason)",
                    metadata: ["height": "\(driver.engine.height)", "round": "\(driver.engine.round)"])
                stop.yield()
            case .problem(let text):
                logger.error(
                    "\(text)", metadata: ["height": "\(driver.engine.height)", "round": "\(driver.engine.round)"])
            }
        }
    }

    private func publish(_ block: Block, interval: TimeInterval) {
        metrics.recordBlock(
            height: block.height, transactions: block.transactions.count,
            interval: interval > 0 ? .milliseconds(Int64(interval * 1000)) : nil)
        metrics.setRound(driver.engine.round)
        metrics.setPeers(p2p.peers.count)
        metrics.setMempoolSize(mempool.count)
        guard let results = try? store.results(at: block.height) else { return }
        eventFeed.publish(.newBlock(block, results))
        for (index, transaction) in block.transactions.enumerated() where index < results.txResults.count {
            eventFeed.publish(
                .tx(
                    IndexedTransaction(
                        tx: transaction, height: block.height, index: UInt32(index), result: results.txResults[index])))
        }
    }

    static func now() -> L1Consensus.Timestamp {
        L1Consensus.Timestamp(nanoseconds: UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000_000)))
    }
}

/// Why a node stopped on its own.
public enum ValidatorNodeError: Error, CustomStringConvertible {
    /// Consensus could not continue safely; the reason says what failed. Fix it and restart.
    case halted(String)

    public var description: String {
        switch self {
        case .halted(let reason): "the node halted: \(reason)"
        }
    }
}
