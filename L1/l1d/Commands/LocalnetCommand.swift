import ArgumentParser
import Common
import Foundation
import Keyring
import L1App
import L1Node

/// `l1d localnet`: N validator homes on loopback that know each other, sharing one genesis with a funded
/// faucet account.
struct LocalnetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "localnet", abstract: "Write the homes of a local validator network on 127.0.0.1.")

    @Option(help: "Number of validators.") var validators: Int = 4
    @Option(help: "Directory that receives node0, node1, ….") var output: String = "./localnet"
    @Option(name: .customLong("chain-id"), help: "The chain id.") var chainID: String = "strata-localnet-1"
    @Option(name: .customLong("base-port"), help: "P2P port of node0; node i uses base+10i (P2P) and base+10i+1 (RPC).")
    var basePort: Int = 26656
    @Option(name: .customLong("timeout-commit-ms"), help: "Pause between blocks.") var timeoutCommitMs: Int = 1000

    func run() throws {
        guard (1...64).contains(validators) else { throw ValidationError("--validators must be 1 to 64") }
        guard basePort > 0, basePort + 10 * validators < 65_536 else { throw ValidationError("--base-port too high") }
        let root = NSString(string: output).expandingTildeInPath
        var homes = [NodeHome]()
        var keys = [(node: Ed25519PublicKey, validator: Ed25519PublicKey)]()
        for index in 0..<validators {
            let home = NodeHome(root + "/node\(index)")
            let p2pPort = basePort + 10 * index
            let made = try InitCommand.initialize(home: home, moniker: "val\(index)") { config in
                config.p2p.listenAddress = "127.0.0.1:\(p2pPort)"
                config.rpc.listenAddress = "127.0.0.1:\(p2pPort + 1)"
                config.consensus.timeoutCommitMs = timeoutCommitMs
            }
            homes.append(home)
            keys.append((made.node.publicKey, made.validator.publicKey))
        }
        // Every node keeps every other node as a persistent peer.
        for (index, home) in homes.enumerated() {
            var config = try ConfigFile.load(home.configFile)
            config.p2p.persistentPeers = keys.indices.filter { $0 != index }.map {
                "\(NodeID(publicKey: keys[$0].node))@127.0.0.1:\(basePort + 10 * $0)"
            }.joined(separator: ",")
            try FileManager.default.removeItem(atPath: home.configFile)
            try ConfigFile.save(config, to: home.configFile)
        }
        // One faucet key, copied into every keyring, funds transactions on the localnet.
        let faucet = AccountKeyFile(name: "faucet", key: AccountPrivateKey())
        for home in homes { try faucet.save(home.accountKeyFile("faucet")) }
        let genesis = GenesisDocument(
            chainID: chainID, genesisTime: InitCommand.now(),
            validators: keys.enumerated().map {
                .init(name: "val\($0.offset)", publicKey: $0.element.validator, power: 10)
            },
            appState: AppGenesis(
                bank: BankGenesis(
                    params: InitCommand.defaultBankParams,
                    accounts: [
                        GenesisAccount(address: try Address(faucet.address), balance: Amount(1_000_000_000_000_000))
                    ])))
        try genesis.validate()
        for home in homes {
            try? FileManager.default.removeItem(atPath: home.genesisFile)
            try genesis.save(path: home.genesisFile)
        }
        print("wrote \(validators) validator homes under \(root) (chain \(chainID))")
        for (index, home) in homes.enumerated() {
            print(
                "  node\(index): p2p 127.0.0.1:\(basePort + 10 * index)  rpc 127.0.0.1:\(basePort + 10 * index + 1)  home \(home.root)"
            )
        }
        print("faucet: \(faucet.address)")
    }
}
