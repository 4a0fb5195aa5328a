import ArgumentParser
import Bridge
import Foundation
import Keyring
import L2Node
import Logging
import ServiceLifecycle

/// `l2d start`: runs the sequencer, its batcher and its HTTP API until SIGINT or SIGTERM; then seals the open
/// block, syncs the log, batches every sealed block and exits.
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
        let batching = try await batchingService(config: config, home: home, sequencer: sequencer, logger: logger)
        let http = SequencerHTTPServer(
            sequencer: sequencer, configuration: config.httpConfiguration, batcher: batching?.feed.batcher,
            logger: logger)
        let httpLogger = logger
        let host = config.httpConfiguration.host
        let application = http.makeApplication { port in
            httpLogger.info("HTTP listening", metadata: ["address": "\(host):\(port)"])
        }
        // A graceful shutdown stops the services in reverse order: HTTP first, then the sequencer (which seals
        // its open block), then the batcher (which batches that block too).
        var services: [any Service] = []
        if let batching { services.append(batching) }
        services += [SequencerService(sequencer: sequencer), application]
        let group = ServiceGroup(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    /// The batcher fed from the sequencer's block store, writing to the configured sink; `nil` for `sink = none`.
    private func batchingService(
        config: L2NodeConfig, home: L2NodeHome, sequencer: Sequencer, logger: Logger
    ) async throws -> BatchingService? {
        let dictionary = try config.batchDictionary(home: home)
        guard let configuration = config.batcherConfiguration(rollupID: sequencer.chainID, dictionary: dictionary)
        else {
            logger.warning("batcher disabled (batcher.sink = none): sealed blocks are not batched")
            return nil
        }
        let directory = config.batchDirectory(home: home)
        let sink = try FileBatchSink(directory: URL(fileURLWithPath: directory))
        if let dictionary { try await sink.store(dictionary) }
        let metrics = BatcherMetrics(registry: sequencer.metrics.registry)
        let batcher = try await Batcher.open(
            configuration: configuration, sink: sink, directory: URL(fileURLWithPath: home.batcherDirectory),
            signer: { try sequencer.signerKey(of: $0) }, verified: sequencer.verifiedSignatures,
            onSubmitted: metrics.reporter(logger: logger))
        let lastBatch = await batcher.lastSubmitted.map { "\($0.batchIndex)" } ?? "none"
        let nextBlock = await batcher.nextBlockNumber ?? 1
        logger.info(
            "batcher opened",
            metadata: [
                "sink": "file", "directory": "\(directory)", "last_batch": "\(lastBatch)", "next_block": "\(nextBlock)",
                "dictionary": "\(dictionary.map { "\($0.hash)" } ?? "none")",
            ])
        return BatchingService(
            feed: BatchFeed(
                blocks: sequencer.blocks, batcher: batcher, metrics: metrics, logger: logger,
                committedThrough: { sequencer.committedTip.number }),
            pollInterval: .milliseconds(config.batcher.pollIntervalMs), logger: logger)
    }
}

/// The batcher as a service: it follows the block store until graceful shutdown, then batches what is left.
struct BatchingService: Service {
    let feed: BatchFeed
    let pollInterval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await feed.run(pollEvery: pollInterval)
        }
        do {
            try await feed.finish()
        } catch {
            logger.error("batcher could not finish at shutdown; it resumes on restart", metadata: ["error": "\(error)"])
        }
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
