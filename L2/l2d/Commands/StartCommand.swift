import ArgumentParser
import Foundation
import Keyring
import L2Node
import Logging
import ServiceLifecycle

/// `l2d start`: runs the sequencer and its HTTP API until SIGINT or SIGTERM, then seals the open block, syncs
/// the log and exits.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Run the sequencer.")

    @OptionGroup var options: HomeOption

    @Option(name: .customLong("log-level"), help: "Overrides the config's log_level.")
    var logLevel: String?

    func run() async throws {
        let home = L2NodeHome(options.home)
        let config = try ConfigFile.load(home.configFile)
        let genesis = try RollupGenesis.load(path: home.genesisFile)
        let key = try AccountKeyFile.load(home.sequencerKeyFile).key()
        let level = Logger.Level(rawValue: logLevel ?? config.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "strata.l2d")
        logger[metadataKey: "chain"] = "\(genesis.chainID)"
        let sequencer = try Sequencer(
            storage: .directory(home.dataDirectory), genesis: genesis, key: key,
            configuration: config.sequencerConfiguration, logger: logger)
        let http = SequencerHTTPServer(sequencer: sequencer, configuration: config.httpConfiguration, logger: logger)
        let httpLogger = logger
        let host = config.httpConfiguration.host
        let application = http.makeApplication { port in
            httpLogger.info("HTTP listening", metadata: ["address": "\(host):\(port)"])
        }
        let group = ServiceGroup(
            services: [SequencerService(sequencer: sequencer), application],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// The sequencer's block timer as a service: graceful shutdown cancels it, which seals and syncs.
struct SequencerService: Service {
    let sequencer: Sequencer

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await sequencer.run()
        }
    }
}
