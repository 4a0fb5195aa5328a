import ArgumentParser
import Common
import Foundation
import Keyring
import L2Node

/// `l2d init`: a new home with a config, a genesis funding a faucet key (and any `--fund` accounts), and the
/// sequencer key (0600).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a sequencer home: config, genesis, sequencer key, faucet key.")

    @OptionGroup var options: HomeOption

    @Option(name: .customLong("chain-id"), help: "The rollup's chain id.")
    var chainID: String = "strata-l2-local-1"

    @Option(name: .customLong("faucet-balance"), help: "The balance of the keyring key 'faucet' at genesis.")
    var faucetBalance: String = "1000000000000"

    @Option(name: .customLong("minimum-fee"), help: "The smallest fee a transaction may carry, in base units.")
    var minimumFee: String = "0"

    @Option(
        name: .customLong("fee-per-thousand-fuel"),
        help: "What 1,000 fuel of rules evaluation costs above the minimum fee (0: free, up to the cap).")
    var feePerThousandFuel: String = "0"

    @Option(
        name: .customLong("fee-recipient"),
        help: "The strata1... address each block's fees are credited to (default: none; fees stay in the fee pool).")
    var feeRecipient: String?

    @Option(help: "Fund an account at genesis: <strata1... address>=<amount> (repeatable).")
    var fund: [String] = []

    @Option(name: .customLong("http-laddr"), help: "The HTTP listen address (host:port).")
    var httpAddress: String?

    @Option(name: .customLong("block-interval-ms"), help: "Seal a block this long after its first transaction.")
    var blockIntervalMs: Int?

    func run() throws {
        let home = L2NodeHome(options.home)
        guard !home.isInitialized else {
            throw ValidationError("\(home.root) already holds a node; choose another --home")
        }
        guard let faucetAmount = Amount(decimal: faucetBalance) else {
            throw ValidationError("--faucet-balance must be a decimal number")
        }
        guard let minimum = Amount(decimal: minimumFee) else {
            throw ValidationError("--minimum-fee must be a decimal number")
        }
        guard let fuelPrice = Amount(decimal: feePerThousandFuel) else {
            throw ValidationError("--fee-per-thousand-fuel must be a decimal number")
        }
        var accounts: [RollupGenesis.GenesisAccount] = []
        let faucet = AccountKeyFile(name: "faucet", key: AccountPrivateKey())
        accounts.append(.init(address: faucet.address, publicKey: faucet.publicKey, balance: faucetAmount))
        for entry in fund {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let amount = Amount(decimal: parts[1]) else {
                throw ValidationError("--fund \"\(entry)\" must be <address>=<amount>")
            }
            accounts.append(.init(address: parts[0], balance: amount))
        }
        let genesis = RollupGenesis(
            chainID: chainID, minimumFee: minimum, feePerThousandFuel: fuelPrice,
            genesisTimeMillis: UInt64(Date().timeIntervalSince1970 * 1000), accounts: accounts,
            feeRecipient: feeRecipient)
        var config = L2NodeConfig()
        if let httpAddress { config.http.listenAddress = httpAddress }
        if let blockIntervalMs { config.sequencer.blockIntervalMs = blockIntervalMs }
        // Check everything before writing anything.
        try config.validate()
        var overlay = StateOverlay(tree: try StateTree.inMemory())
        try genesis.apply(to: &overlay)
        try home.createDirectories()
        try faucet.save(home.accountKeyFile("faucet"))
        try genesis.save(path: home.genesisFile)
        let sequencer = AccountKeyFile(name: "sequencer", key: AccountPrivateKey())
        try sequencer.save(home.sequencerKeyFile)
        try ConfigFile.save(config, to: home.configFile)
        print("initialized \(home.root)")
        print("chain id:       \(chainID)")
        print("sequencer key:  \(sequencer.publicKey)")
        print("faucet:         \(faucet.address)")
    }
}
