import Common
import L1App
import L1Consensus

extension ApplicationExecutor {
    /// What the handshake found and did.
    public struct HandshakeReport: Hashable, Sendable {
        /// The chain state to start consensus from (after the store's latest block).
        public let state: ChainState
        /// The application's height before the handshake.
        public let applicationHeight: UInt64
        /// Whether the application was given the genesis (initChain).
        public let initializedChain: Bool
        /// The heights replayed into the application.
        public let replayed: [Height]
    }

    /// Brings the application level with the block store before consensus starts (as CometBFT's handshake does):
    /// gives it the genesis if it has none, checks its app hash against the stored chain state at its height,
    /// and replays the stored blocks it has not committed (after a crash between a block's save and the
    /// application's commit). Every replayed block must reproduce the stored chain state exactly.
    ///
    /// Refuses to start when the application is ahead of the store or its state is not this chain's.
    public func handshake(genesis: InitChainRequest) throws(ApplicationHandshakeError) -> HandshakeReport {
        let storeHeight = store.latestHeight
        let info: InfoResponse
        do {
            info = try application.info()
        } catch {
            throw .application(error)
        }
        guard genesis.chainID == store.genesis.chainID else {
            throw .genesisMismatch(
                "the genesis is for chain \(genesis.chainID), the block store for \(store.genesis.chainID)")
        }
        var appHash = info.lastBlockAppHash
        let initialized = info.lastBlockHeight == 0 && appHash == .zero
        if initialized { appHash = try initChain(genesis) }
        let appHeight = info.lastBlockHeight
        guard appHeight <= storeHeight.rawValue else {
            throw .applicationAhead(applicationHeight: appHeight, storeHeight: storeHeight.rawValue)
        }
        let expected = try storedState(at: Height(appHeight)).appHash
        guard appHash == expected else {
            throw .appHashMismatch(height: appHeight, application: appHash, store: expected)
        }
        var replayed: [Height] = []
        var height = Height(appHeight)
        while height < storeHeight {
            height = height.next
            try replay(height)
            replayed.append(height)
        }
        return HandshakeReport(
            state: store.loadState(), applicationHeight: appHeight, initializedChain: initialized, replayed: replayed)
    }

    /// Gives the application the genesis and checks that it agrees with the store's genesis state.
    private func initChain(_ genesis: InitChainRequest) throws(ApplicationHandshakeError) -> Hash {
        let response: InitChainResponse
        do {
            response = try application.initChain(genesis)
        } catch {
            throw .application(error)
        }
        let stored = store.genesis.validators.validators.map(L1App.ValidatorUpdate.init(consensus:))
        guard response.validators.count == stored.count, Set(response.validators) == Set(stored) else {
            throw .genesisMismatch("the application's genesis validators are not the block store's")
        }
        guard response.appHash == store.genesis.appHash else {
            throw .appHashMismatch(height: 0, application: response.appHash, store: store.genesis.appHash)
        }
        return response.appHash
    }

    /// Executes and commits the stored block at `height`, which must reproduce the stored state after it.
    private func replay(_ height: Height) throws(ApplicationHandshakeError) {
        let before = try storedState(at: Height(height.rawValue - 1))
        let after = try storedState(at: height)
        let loaded: Block?
        do {
            loaded = try store.loadBlock(at: height)
        } catch {
            throw .store(error)
        }
        guard let block = loaded else { throw .missingBlock(height) }
        let results: BlockResults
        do {
            (_, results) = try finalize(block)
        } catch {
            throw .execution(error)
        }
        guard results.appHash == after.appHash else {
            throw .appHashMismatch(height: height.rawValue, application: results.appHash, store: after.appHash)
        }
        guard results.resultsHash == after.lastResultsHash else {
            throw .replayDiverged(height: height, reason: "the transaction results differ from the stored ones")
        }
        let recomputed: ChainState
        do {
            recomputed = try before.applying(block, results: results)
        } catch {
            throw .replayDiverged(height: height, reason: error.description)
        }
        guard recomputed == after else {
            throw .replayDiverged(height: height, reason: "the validator updates differ from the stored ones")
        }
        do {
            _ = try application.commit()
        } catch {
            throw .application(error)
        }
    }

    /// The stored chain state after `height`.
    private func storedState(at height: Height) throws(ApplicationHandshakeError) -> ChainState {
        let state: ChainState?
        do {
            state = try store.state(at: height)
        } catch {
            throw .store(error)
        }
        guard let state else { throw .missingBlock(height) }
        return state
    }
}
