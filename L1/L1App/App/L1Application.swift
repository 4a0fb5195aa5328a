import Common

/// Strata's L1 application behind the ``Application`` interface: the bank (balances, nonces, fees, transfers)
/// and the record of committed misbehavior, on a versioned ``Common/StateTree``.
///
/// The state version of each block is its height, and the app hash after height H is the tree's root at
/// version H; the genesis state is version `initialHeight - 1`. Blocks are executed in memory by
/// ``finalizeBlock(_:)`` and written in one transaction by ``commit()``. Reopening the application on the
/// same SQLite file resumes from the last commit (``info()``).
///
/// Not thread-safe: one task drives it, as the node drives any ``Application``.
public final class L1Application: Application {
    /// How much state history to keep.
    public struct Options: Sendable {
        /// Keep the state of only the last this many heights (queryable and provable); older versions are
        /// pruned after each commit. `nil` keeps every height.
        public var keepRecentHeights: UInt64?

        /// Creates options; by default every height is kept.
        public init(keepRecentHeights: UInt64? = nil) {
            self.keepRecentHeights = keepRecentHeights
        }
    }

    /// The version of this state machine, reported by ``info()``.
    public static let appVersion: UInt64 = 1

    /// The state tree the application owns.
    let tree: StateTree
    let options: Options
    /// The genesis record; `nil` before ``initChain(_:)``.
    private(set) var chain: ChainRecord?
    /// The mempool's view: the committed state plus the transactions accepted since the last commit.
    var checkState: StateOverlay
    /// The block finalized but not yet committed.
    var pending: PendingBlock?

    /// A finalized block waiting for ``commit()``.
    struct PendingBlock {
        let height: UInt64
        var state: StateOverlay
        let appHash: Hash
    }

    /// Opens the application on `tree`, resuming from its latest version if it has one.
    public init(tree: StateTree, options: Options = Options()) throws(ApplicationError) {
        self.tree = tree
        self.options = options
        self.checkState = StateOverlay(tree: tree)
        self.chain = try Self.loadChain(tree)
    }

    /// Opens (creating if needed) the application's state in the SQLite database at `path`.
    public convenience init(
        path: String, treeOptions: StateTree.Options = StateTree.Options(), options: Options = Options()
    ) throws(ApplicationError) {
        let tree: StateTree
        do {
            tree = try StateTree(path: path, options: treeOptions)
        } catch {
            throw .storage(error)
        }
        try self.init(tree: tree, options: options)
    }

    /// The chain record, or `nil` if the tree has no version yet.
    private static func loadChain(_ tree: StateTree) throws(ApplicationError) -> ChainRecord? {
        guard tree.latestVersion != nil else { return nil }
        var state = StateOverlay(tree: tree)
        let record: ChainRecord?
        do {
            record = try state.record(ChainRecord.self, at: ChainRecord.stateKey)
        } catch {
            throw BlockExecution.applicationError(error)
        }
        guard let record, record.initialHeight >= 1 else {
            throw .corruptState("the state has versions but no valid chain record")
        }
        return record
    }

    /// The chain record, or ``ApplicationError/notInitialized``.
    func requireChain() throws(ApplicationError) -> ChainRecord {
        guard let chain else { throw .notInitialized }
        return chain
    }

    /// The height of the next block: one above the latest committed version.
    func nextHeight() throws(ApplicationError) -> UInt64 {
        _ = try requireChain()
        guard let latest = tree.latestVersion else { throw .notInitialized }
        return latest + 1
    }

    /// Throws unless `height` is the next block's height.
    func requireNext(_ height: UInt64) throws(ApplicationError) {
        let expected = try nextHeight()
        guard height == expected else { throw .unexpectedHeight(expected: expected, got: height) }
    }

    // MARK: Info, genesis, commit

    public func info() throws(ApplicationError) -> InfoResponse {
        guard let chain, let latest = tree.latestVersion else {
            return InfoResponse(lastBlockHeight: 0, lastBlockAppHash: .zero, appVersion: Self.appVersion)
        }
        let appHash: Hash
        do {
            appHash = try tree.rootHash()
        } catch {
            throw .storage(error)
        }
        let height = latest == chain.genesisVersion ? 0 : latest
        return InfoResponse(lastBlockHeight: height, lastBlockAppHash: appHash, appVersion: Self.appVersion)
    }

    public func initChain(_ request: InitChainRequest) throws(ApplicationError) -> InitChainResponse {
        if let chain {
            // A restart before the first block replays the genesis: accept the same one again.
            let latest = tree.latestVersion ?? 0
            guard latest == chain.genesisVersion else { throw .alreadyInitialized(lastBlockHeight: latest) }
            let scratch: StateTree
            let existing: Hash
            do {
                scratch = try StateTree.inMemory()
                existing = try tree.rootHash()
            } catch {
                throw .storage(error)
            }
            let (_, appHash) = try Self.writeGenesis(request, into: scratch)
            guard appHash == existing else { throw .alreadyInitialized(lastBlockHeight: 0) }
            return InitChainResponse(validators: request.validators, appHash: appHash)
        }
        guard tree.latestVersion == nil else {
            throw .corruptState("the state has versions but no chain record")
        }
        let (record, appHash) = try Self.writeGenesis(request, into: tree)
        chain = record
        checkState = StateOverlay(tree: tree)
        return InitChainResponse(validators: request.validators, appHash: appHash)
    }

    /// Validates the genesis and commits its state to `tree` as version `initialHeight - 1`.
    private static func writeGenesis(_ request: InitChainRequest, into tree: StateTree) throws(ApplicationError)
        -> (ChainRecord, Hash)
    {
        guard ChainRecord.isValidChainID(request.chainID) else {
            throw .invalidGenesis(.invalidChainID(request.chainID))
        }
        let initialHeight = max(request.initialHeight, 1)
        // The tree's versions are SQLite integers, and the last height needs a successor.
        guard initialHeight < UInt64(Int64.max) else {
            throw .invalidGenesis(.invalidInitialHeight(request.initialHeight))
        }
        let genesis: AppGenesis
        do {
            genesis = try AppGenesis(json: request.appState)
            try genesis.validate()
        } catch {
            throw .invalidGenesis(error)
        }
        let record = ChainRecord(
            chainID: request.chainID, initialHeight: initialHeight, genesisTime: request.genesisTime)
        var state = StateOverlay(tree: tree)
        do {
            try state.setRecord(record, at: ChainRecord.stateKey)
            try state.setRecord(genesis.bank.params, at: BankParams.stateKey)
            for account in genesis.bank.accounts {
                try Bank.setAccount(Account(balance: account.balance, nonce: 0), of: account.address, in: &state)
            }
        } catch {
            throw BlockExecution.applicationError(error)
        }
        do {
            return (record, try state.commit(version: record.genesisVersion))
        } catch {
            throw .storage(error)
        }
    }

    public func commit() throws(ApplicationError) -> CommitResponse {
        guard var block = pending else { throw .nothingToCommit }
        pending = nil
        let root: Hash
        do {
            root = try block.state.commit(version: block.height)
        } catch {
            throw .storage(error)
        }
        guard root == block.appHash else {
            throw .corruptState("block \(block.height) committed root \(root), but finalized app hash \(block.appHash)")
        }
        checkState = StateOverlay(tree: tree)
        if let keep = options.keepRecentHeights, keep > 0, block.height >= keep {
            do {
                try tree.prune(keepingFrom: block.height - keep + 1)
            } catch {
                throw .storage(error)
            }
        }
        return CommitResponse(retainHeight: 0)
    }
}
