import Common

/// The genesis of a chain, given once before the first block (ABCI `InitChain`).
public struct InitChainRequest: Sendable {
    /// The chain id every transaction must name and every signature binds, e.g. `strata-devnet-1`.
    public var chainID: String
    /// The genesis time from the genesis file.
    public var genesisTime: Timestamp
    /// The height of the first block; 0 is read as 1.
    public var initialHeight: UInt64
    /// The validator set from the genesis file.
    public var validators: [ValidatorUpdate]
    /// The genesis file's `app_state`: the application's own genesis, as JSON (``AppGenesis``).
    public var appState: [UInt8]

    /// Creates a request.
    public init(
        chainID: String, genesisTime: Timestamp, initialHeight: UInt64 = 1, validators: [ValidatorUpdate],
        appState: [UInt8]
    ) {
        self.chainID = chainID
        self.genesisTime = genesisTime
        self.initialHeight = initialHeight
        self.validators = validators
        self.appState = appState
    }
}

/// What the application made of the genesis.
public struct InitChainResponse: Hashable, Sendable {
    /// The validator set the chain starts with (the request's, unless the application changed it).
    public var validators: [ValidatorUpdate]
    /// The root of the genesis state: the app hash the first block's header carries.
    public var appHash: Hash

    /// Creates a response.
    public init(validators: [ValidatorUpdate], appHash: Hash) {
        self.validators = validators
        self.appHash = appHash
    }
}
