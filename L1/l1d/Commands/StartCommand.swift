import ArgumentParser
import Foundation
import L1Node
import Logging
import ServiceLifecycle

/// `l1d start`: runs the node in the home until SIGINT or SIGTERM, then shuts down cleanly.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Run the node.")

    @OptionGroup var options: HomeOption

    @Option(name: .customLong("log-level"), help: "Overrides the config's log_level.")
    var logLevel: String?

    func run() async throws {
        let home = NodeHome(options.home)
        let config = try ConfigFile.load(home.configFile)
        let genesis = try GenesisDocument.load(path: home.genesisFile)
        let level = Logger.Level(rawValue: logLevel ?? config.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "strata.l1d")
        logger[metadataKey: "moniker"] = "\(config.moniker)"
        let node = try ValidatorNode(home: home, config: config, genesis: genesis, logger: logger)
        let rpcAddress = try HostPort(config.rpc.listenAddress)
        let rpc = RPCServer(
            backend: node, metrics: node.metrics,
            configuration: RPCConfiguration(
                host: rpcAddress.host, port: rpcAddress.port, maxBodyBytes: config.rpc.maxBodyBytes,
                maxConnections: config.rpc.maxOpenConnections),
            logger: logger)
        let rpcLogger = logger
        let rpcService = rpc.makeApplication { port in
            rpcLogger.info("RPC listening", metadata: ["address": "\(rpcAddress.host):\(port)"])
        }
        let group = ServiceGroup(
            services: [NodeService(node: node), rpcService], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        try await group.run()
    }
}

/// The node as a service: graceful shutdown cancels its run loop, which stops P2P and returns.
struct NodeService: Service {
    let node: ValidatorNode

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await node.run()
        }
    }
}
