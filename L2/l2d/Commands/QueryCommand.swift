import ArgumentParser
import Common
import Foundation
import L2Node

/// `l2d query ...`: reads from a running sequencer.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Query a running sequencer.",
        subcommands: [
            Account.self, Block.self, Status.self, Zone.self, Resource.self, Program.self, Credential.self,
            Execution.self, Provenance.self, Grant.self,
        ])

    struct Account: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's nonce and balance.")
        @Argument(help: "The strata1... address.") var address: String
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func run() async throws {
            try await QueryCommand.get("/v1/accounts/\(address)", node: node)
        }
    }

    struct Block: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A sealed block.")
        @Argument(help: "The block number.") var number: UInt64
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func run() async throws {
            try await QueryCommand.get("/v1/blocks/\(number)", node: node)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The sequencer's status.")
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func run() async throws {
            try await QueryCommand.get("/v1/status", node: node)
        }
    }

    /// The options of the committed-state queries: where, and at which sealed block.
    struct SealedOptions: ParsableArguments {
        @Option(help: "The sealed block to read at (default: the latest).") var block: UInt64?
        @Option(help: "The sequencer's HTTP address.") var node = "http://127.0.0.1:8645"

        func query(_ extra: String = "") -> String {
            var parameters: [String] = []
            if let block { parameters.append("block=\(block)") }
            if !extra.isEmpty { parameters.append(extra) }
            return parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
        }
    }

    /// A query of one record by id: `GET /v1/<route>/<id>` at a sealed block.
    protocol RecordQuery: AsyncParsableCommand {
        static var route: String { get }
        var id: String { get }
        var sealed: SealedOptions { get }
    }

    struct Zone: RecordQuery {
        static let configuration = CommandConfiguration(abstract: "A zone: founder, rules, pricing, pool.")
        static let route = "zones"
        @Argument(help: "The zone id (64 hex digits).") var id: String
        @OptionGroup var sealed: SealedOptions
    }

    struct Resource: RecordQuery {
        static let configuration = CommandConfiguration(abstract: "A resource: controller, kind, endpoint, price.")
        static let route = "resources"
        @Argument(help: "The resource id (64 hex digits).") var id: String
        @OptionGroup var sealed: SealedOptions
    }

    struct Program: RecordQuery {
        static let configuration = CommandConfiguration(abstract: "A stored rules program's source.")
        static let route = "programs"
        @Argument(help: "The program id (64 hex digits).") var id: String
        @OptionGroup var sealed: SealedOptions
    }

    struct Credential: RecordQuery {
        static let configuration = CommandConfiguration(
            abstract: "A credential: issuer, subject, type, validity, revoked, and whether its subject holds it.")
        static let route = "credentials"
        @Argument(help: "The credential id (64 hex digits).") var id: String
        @OptionGroup var sealed: SealedOptions
    }

    struct Execution: RecordQuery {
        static let configuration = CommandConfiguration(abstract: "An execution order with its reports.")
        static let route = "executions"
        @Argument(help: "The execution id (64 hex digits).") var id: String
        @OptionGroup var sealed: SealedOptions
    }

    struct Provenance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A resource's chain of custody: the executions that produced it, transitively.")
        @Argument(help: "The resource id (64 hex digits).") var id: String
        @Option(help: "The most steps to follow (1 to 256).") var maxSteps: Int?
        @OptionGroup var sealed: SealedOptions

        func run() async throws {
            let extra = maxSteps.map { "max_steps=\($0)" } ?? ""
            try await QueryCommand.get("/v1/resources/\(id)/provenance\(sealed.query(extra))", node: sealed.node)
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An execution's access grant on a resource, with its state proof against the block's root.")
        @Argument(help: "The execution id (64 hex digits).") var execution: String
        @Argument(help: "The resource id (64 hex digits).") var resource: String
        @OptionGroup var sealed: SealedOptions
        @Option(
            help: """
                Verify the answer trusting only this sequencer key (x-only, 64 hex digits): the block attestation, \
                the proof under the attested root, and that the key is this grant's.
                """)
        var sequencer: String?
        @Option(
            name: .customLong("chain-id"),
            help: "The rollup's chain id the attestation is signed on (with --sequencer).")
        var chainID: String?
        @Option(help: "The engine's id, to verify that there is no grant (with --sequencer).") var engine: String?
        @Option(
            name: .customLong("max-age-ms"),
            help: "With --sequencer: refuse attested state older than this, by this machine's clock.")
        var maxAgeMillis: UInt64 = 30_000

        func validate() throws {
            guard let sequencer else {
                guard chainID == nil, engine == nil else {
                    throw ValidationError("--chain-id and --engine verify the answer: give --sequencer too")
                }
                return
            }
            _ = try TxArgument.publicKey(sequencer, "--sequencer")
            guard chainID != nil else { throw ValidationError("--sequencer needs --chain-id") }
            _ = try TxArgument.hash(execution, "<execution>")
            _ = try TxArgument.hash(resource, "<resource>")
            _ = try TxArgument.hash(engine, "--engine")
        }

        func run() async throws {
            let path = "/v1/grants/\(execution)/\(resource)\(sealed.query())"
            let (status, body) = try await HTTPClient(sealed.node).send("GET", path)
            printJSON(body)
            guard status == 200 else { throw ExitCode(1) }
            guard let sequencer, let chainID else { return }
            let key = try TxArgument.publicKey(sequencer, "--sequencer")
            let answer = try JSONDecoder().decode(API.GrantBody.self, from: body)
            do {
                let verified = try answer.verified(
                    sequencer: key, chainID: chainID, execution: try TxArgument.hash(execution, "<execution>"),
                    resource: try TxArgument.hash(resource, "<resource>"),
                    engine: try TxArgument.hash(engine, "--engine"), nowMillis: Sequencer.wallClockMillis(),
                    maxAgeMillis: maxAgeMillis)
                let what =
                    verified.grant.map {
                        "granted until \($0.expiresAtMillis) ms" + (verified.active ? "" : " (expired by this clock)")
                    } ?? "no grant"
                let block = verified.attestation
                print(
                    "verified: \(what) at block \(block.number), current as of \(block.currentAsOfMillis) ms, "
                        + "state root \(block.stateRoot)")
            } catch {
                print("NOT verified: \(error)")
                throw ExitCode(1)
            }
        }
    }

    static func get(_ path: String, node: String) async throws {
        let (status, body) = try await HTTPClient(node).send("GET", path)
        printJSON(body)
        guard status == 200 else { throw ExitCode(1) }
    }
}

extension QueryCommand.RecordQuery {
    func run() async throws {
        try await QueryCommand.get("/v1/\(Self.route)/\(id)\(sealed.query())", node: sealed.node)
    }
}
