import Foundation

/// The files of a sequencer's home directory:
///
///     config/config.toml          settings (``L2NodeConfig``)
///     config/genesis.json         the rollup's genesis (``RollupGenesis``)
///     config/sequencer_key.json   the sequencer's BIP-340 key, which signs confirmations (0600)
///     data/sequencer.log          the sequencer log (group-committed, CRC-framed)
///     data/state.sqlite           the state tree, one version per block
///     data/blocks.sqlite          sealed blocks and receipts
///     data/batcher/               the batcher's progress (the batch being submitted, the last one accepted)
///     data/batches/               the file sink: batch-<index>.data and batch-<index>.commitment
///     keyring/<name>.json         account keys for `tx` commands (0600)
public struct L2NodeHome: Sendable {
    /// The home directory.
    public let root: String

    /// The home at `root` (`~` is expanded).
    public init(_ root: String) {
        self.root = NSString(string: root).expandingTildeInPath
    }

    /// `path` with `~` expanded, taken from the home when relative.
    public func resolve(_ path: String) -> String {
        let expanded = NSString(string: path).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : root + "/" + expanded
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
    /// `config/sequencer_key.json`.
    public var sequencerKeyFile: String { configDirectory + "/sequencer_key.json" }
    /// `data/sequencer.log`.
    public var logFile: String { dataDirectory + "/sequencer.log" }
    /// `data/batcher/`: the batcher's progress file.
    public var batcherDirectory: String { dataDirectory + "/batcher" }
    /// `data/batches/`: the file sink's default directory.
    public var batchDirectory: String { dataDirectory + "/batches" }

    /// The keyring file of account key `name`.
    public func accountKeyFile(_ name: String) -> String { keyringDirectory + "/\(name).json" }

    /// Creates the directories (mode 0700).
    public func createDirectories() throws {
        for directory in [root, configDirectory, dataDirectory, keyringDirectory] {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// Whether the home already holds a node.
    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: configFile) || FileManager.default.fileExists(atPath: sequencerKeyFile)
    }
}
