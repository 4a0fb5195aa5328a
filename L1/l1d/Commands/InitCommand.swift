import ArgumentParser
import Common
import Foundation
import L1App
import L1Consensus
import L1Node
import L1Storage

/// `l1d init`: a new home with its keys, a config and a one-validator genesis.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a node home: config, genesis, node key and validator key.")

    @OptionGroup var options: HomeOption

    @Option(help: "The node's name.")
    var moniker: String = "strata-node"

    @Option(name: .customLong("chain-id"), help: "The chain id of the genesis this command writes.")
    var chainID: String = "strata-localnet-1"

    @Option(help: "Voting power of this node's validator in the genesis.")
    var power: Int64 = 10

    func run() throws {
        let home = NodeHome(options.home)
        let keys = try Self.initialize(home: home, moniker: moniker)
        let validator = GenesisDocument.GenesisValidator(
            name: moniker, publicKey: keys.validator.publicKey, power: power)
        let genesis = GenesisDocument(
            chainID: chainID, genesisTime: Self.now(), validators: [validator],
            appState: AppGenesis(bank: BankGenesis(params: Self.defaultBankParams, accounts: [])))
        try genesis.validate()
        try genesis.save(path: home.genesisFile)
        print("initialized \(home.root)")
        print("node id:        \(NodeID(publicKey: keys.node.publicKey))")
        print("validator key:  \(Hex.encode(keys.validator.publicKey.bytes))")
    }

    static let defaultBankParams = BankParams(denom: "ustrata", minFee: Amount(250))

    /// Creates directories, node key, validator key, never-signed state and default config; refuses an
    /// existing home.
    static func initialize(
        home: NodeHome, moniker: String, configure: (inout NodeConfig) -> Void = { _ in }
    ) throws -> (node: ValidatorKeyFile, validator: ValidatorKeyFile) {
        guard !home.isInitialized else {
            throw ValidationError("\(home.root) already holds a node; choose another --home")
        }
        try home.createDirectories()
        let node = ValidatorKeyFile(privateKey: Ed25519PrivateKey())
        let validator = ValidatorKeyFile(privateKey: Ed25519PrivateKey())
        try node.save(to: home.nodeKeyFile)
        try validator.save(to: home.validatorKeyFile)
        try FileSignStateStore(path: home.signStateFile).createNeverSigned()
        var config = NodeConfig()
        config.moniker = moniker
        configure(&config)
        try config.validate()
        try ConfigFile.save(config, to: home.configFile)
        return (node, validator)
    }

    /// The current time, whole seconds (a genesis time needs no more).
    static func now() -> L1Consensus.Timestamp {
        L1Consensus.Timestamp(nanoseconds: UInt64(Date().timeIntervalSince1970) * 1_000_000_000)
    }
}
