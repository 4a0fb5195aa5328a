import Foundation
import L1Node
import TOMLKit

/// `config.toml` through TOMLKit.
enum ConfigFile {
    static func load(_ path: String) throws -> NodeConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw NodeConfigError.unreadable("cannot read \(path)") }
        let config: NodeConfig
        do { config = try TOMLDecoder().decode(NodeConfig.self, from: text) } catch {
            throw NodeConfigError.unreadable("\(path): \(error)")
        }
        try config.validate()
        return config
    }

    static func save(_ config: NodeConfig, to path: String) throws {
        let text = try TOMLEncoder().encode(config)
        let header = "# Strata L1 node configuration. Every setting has a default; see docs/l1-operations.md.\n\n"
        guard FileManager.default.createFile(atPath: path, contents: Data((header + text).utf8)) else {
            throw NodeConfigError.unreadable("cannot write \(path)")
        }
    }
}
