import Foundation
import L2Node
import TOMLKit

/// `config.toml` through TOMLKit.
enum ConfigFile {
    static func load(_ path: String) throws -> L2NodeConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw CLIError("cannot read \(path)") }
        let config: L2NodeConfig
        do { config = try TOMLDecoder().decode(L2NodeConfig.self, from: text) } catch {
            throw CLIError("\(path): \(error)")
        }
        try config.validate()
        return config
    }

    static func save(_ config: L2NodeConfig, to path: String) throws {
        let text = try TOMLEncoder().encode(config)
        let header = "# Strata L2 sequencer configuration. Every setting has a default; see docs/l2-sequencer.md.\n\n"
        guard FileManager.default.createFile(atPath: path, contents: Data((header + text).utf8)) else {
            throw CLIError("cannot write \(path)")
        }
    }
}
