import Foundation

/// The files of a node's home directory (Cosmos habit):
///
///     config/config.toml               settings
///     config/genesis.json              the chain's genesis
///     config/node_key.json             Ed25519 P2P identity (0600)
///     config/priv_validator_key.json   Ed25519 consensus key (0600)
///     data/priv_validator_state.json   last signature (double-sign protection, 0600)
///     data/cs.wal                      consensus write-ahead log
///     data/blockstore.sqlite           decided blocks, commits, chain state
///     data/application.sqlite          the application's state tree
///     keyring/<name>.json              account keys for `tx` commands (0600)
public struct NodeHome: Sendable {
    /// The home directory.
    public let root: String

    /// The home at `root` (`~` is expanded).
    public init(_ root: String) {
        self.root = NSString(string: root).expandingTildeInPath
    }

    /// `config/`.
    public var configDirectory: String { root + "/config" }
    /// `data/`.
    public var dataDirectory: String { root + "/data" }
    /// `keyring/`.
    public var keyringDirectory: String { root + "/keyring" }
    /// `config/config.toml`.
    public var configFile: String { configDirectory + "/config.toml" }
    /// `config/genesis.json`.
    public var genesisFile: String { configDirectory + "/genesis.json" }
    /// `config/node_key.json`.
    public var nodeKeyFile: String { configDirectory + "/node_key.json" }
    /// `config/priv_validator_key.json`.
    public var validatorKeyFile: String { configDirectory + "/priv_validator_key.json" }
    /// `data/priv_validator_state.json`.
    public var signStateFile: String { dataDirectory + "/priv_validator_state.json" }
    /// `data/cs.wal`.
    public var walFile: String { dataDirectory + "/cs.wal" }
    /// `data/blockstore.sqlite`.
    public var blockStoreFile: String { dataDirectory + "/blockstore.sqlite" }
    /// `data/application.sqlite`.
    public var applicationFile: String { dataDirectory + "/application.sqlite" }

    /// The keyring file of account key `name`.
    public func accountKeyFile(_ name: String) -> String { keyringDirectory + "/\(name).json" }

    /// Creates the directories (mode 0700).
    public func createDirectories() throws {
        for directory in [root, configDirectory, dataDirectory, keyringDirectory] {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// Whether the home already holds a node (its config or keys exist).
    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: configFile) || FileManager.default.fileExists(atPath: validatorKeyFile)
    }
}
