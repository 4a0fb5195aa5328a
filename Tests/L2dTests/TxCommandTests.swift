import ArgumentParser
import Common
import Foundation
import Keyring
import L2Node
import L2Runtime
import Testing

@testable import l2d

/// A home made by `l2d init` in a temporary directory, and the `tx` subcommands parsed against it.
struct CLIHome {
    let root = NSTemporaryDirectory() + "l2d-cli-\(UUID().uuidString)"
    var home: String { root + "/home" }

    /// `l2d init` with `options` besides the home and chain id.
    init(_ options: [String] = []) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let command = try InitCommand.parse(["--home", home, "--chain-id", "strata-l2-cli-1"] + options)
        try command.run()
    }

    /// The faucet key's address.
    var faucet: Address {
        get throws { try AccountKeyFile.load(L2NodeHome(home).accountKeyFile("faucet")).key().publicKey.address }
    }

    /// `l2d tx <arguments> --home <home>` as parsed, with `faucet` signing at nonce 7.
    func parse(_ arguments: [String]) throws -> any TransactionCommand {
        let parsed = try L2d.parseAsRoot(["tx"] + arguments + ["--home", home, "--nonce", "7"])
        return try #require(parsed as? any TransactionCommand)
    }

    /// The signed transaction a subcommand would submit, decoded back from its bytes.
    func signed(_ arguments: [String]) async throws -> SignedTransaction {
        let command = try parse(arguments)
        let signed = try await command.tx.sign(try command.payload(), client: nil)
        return try SignedTransaction(bytes: signed.bytes)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

private let testZone = String(repeating: "ab", count: 32)
private let testProgram = String(repeating: "01", count: 32)
private let testAddress = "strata1zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3v82h4d"

@Suite("l2d tx: every kind's payload, and bad input refused", .serialized)
struct TxCommandTests {
    static let zone = testZone
    static let resource = String(repeating: "cd", count: 32)
    static let program = testProgram
    static let other = testAddress

    @Test("each subcommand signs its kind's payload with the key, the chain id and the nonce")
    func payloads() async throws {
        let home = try CLIHome()
        defer { home.remove() }
        let zone = try #require(Hash(hex: Self.zone))
        let resource = try #require(Hash(hex: Self.resource))
        let program = try #require(Hash(hex: Self.program))
        let recipient = try Address(Self.other)
        let source = "permit.\n"
        let file = home.root + "/rules.pl"
        try Data(source.utf8).write(to: URL(fileURLWithPath: file))
        let cases: [([String], TransactionKind, any CanonicalEncodable)] = [
            (["transfer", "faucet", Self.other, "100"], .transfer, TransferPayload(recipient: recipient, amount: 100)),
            (["withdraw", "faucet", Self.other, "5"], .withdraw, WithdrawPayload(recipient: recipient, amount: 5)),
            (["store-program", "faucet", file], .storeProgram, StoreProgramPayload(source: source)),
            (
                [
                    "found-zone", "faucet", "--rules", Self.program, "--visibility", "private", "--tax-bps", "250",
                    "--minimum-payment", "10", "--join-fee", "3",
                ], .foundZone,
                FoundZonePayload(
                    rules: program, visibility: .private,
                    pricing: ZonePricing(taxBasisPoints: 250, minimumPayment: 10, joinFee: 3))
            ),
            (
                ["revise-zone-rules", "faucet", Self.zone, "--rules", Self.program], .reviseZoneRules,
                ReviseZoneRulesPayload(zone: zone, rules: program)
            ),
            (
                [
                    "register-resource", "faucet", "--kind", "workflow-engine", "--endpoint", "wss://e.example",
                    "--consent", Self.program, "--price", "20",
                ], .registerResource,
                RegisterResourcePayload(
                    kind: .workflowEngine, endpoint: "wss://e.example", metadataHash: .zero, consent: program, price: 20
                )
            ),
            (
                [
                    "update-resource", "faucet", Self.resource, "--endpoint", "https://d.example", "--metadata",
                    Self.zone,
                    "--consent", Self.program,
                ], .updateResource,
                UpdateResourcePayload(
                    resource: resource, endpoint: "https://d.example", metadataHash: zone, consent: program, price: 0)
            ),
            (
                ["dereference-resource", "faucet", Self.resource], .dereferenceResource,
                DereferenceResourcePayload(resource: resource)
            ),
            (
                ["join-zone", "faucet", Self.zone, "--resource", Self.resource], .joinZone,
                JoinZonePayload(zone: zone, resource: resource)
            ),
            (["leave-zone", "faucet", Self.zone], .leaveZone, LeaveZonePayload(zone: zone)),
            (
                [
                    "issue-credential", "faucet", Self.other, "--type", "dataset-access", "--claim", Self.zone,
                    "--valid-from-ms", "1000", "--valid-until-ms", "2000",
                ], .issueCredential,
                IssueCredentialPayload(
                    subject: recipient, type: "dataset-access", claimHash: zone, validFromMillis: 1000,
                    validUntilMillis: 2000)
            ),
            (
                ["revoke-credential", "faucet", Self.zone], .revokeCredential, CredentialPayload(credential: zone)
            ),
            (
                ["accept-credential", "faucet", Self.zone], .acceptCredential, CredentialPayload(credential: zone)
            ),
            (
                ["dismiss-credential", "faucet", Self.zone], .dismissCredential, CredentialPayload(credential: zone)
            ),
            (
                [
                    "request-execution", "faucet", "--zone", Self.zone, "--engine", Self.program, "--resource",
                    Self.resource, "--payment", "200", "--deadline-ms", "99000",
                ], .requestExecution,
                RequestExecutionPayload(
                    zone: zone, engine: program, resources: [resource], paramsHash: .zero, payment: 200,
                    deadlineMillis: 99_000)
            ),
            (
                [
                    "report-execution", "faucet", Self.zone, "--status", "delivered", "--consumed", Self.resource,
                    "--evidence", Self.program,
                ], .reportExecution,
                ReportExecutionPayload(
                    execution: zone, status: .delivered, consumed: [resource], evidenceHash: program)
            ),
            (["cancel-execution", "faucet", Self.zone], .cancelExecution, CancelExecutionPayload(execution: zone)),
            (
                ["claim-zone-pool", "faucet", Self.zone, "1500"], .claimZonePool,
                ClaimZonePoolPayload(zone: zone, amount: 1500)
            ),
        ]
        #expect(Set(cases.map(\.1)) == Set(TransactionKind.allCases))
        let faucet = try home.faucet
        for (arguments, kind, expected) in cases {
            let signed = try await home.signed(arguments)
            #expect(signed.transaction.kind == kind, "\(arguments[0])")
            #expect(signed.transaction.payload == expected.canonicalBytes, "\(arguments[0])")
            #expect(signed.transaction.chainID == "strata-l2-cli-1")
            #expect(signed.transaction.nonce == 7)
            guard case .key(let key) = signed.transaction.sender else {
                Issue.record("the sender is not a key")
                continue
            }
            #expect(key.address == faucet)
            #expect(signed.isSigned(by: key))
        }
    }

    @Test("the created id is the runtime's derivation from the transaction's hash; a program's is its hash")
    func createdIDs() async throws {
        let home = try CLIHome()
        defer { home.remove() }
        let foundZone = ["found-zone", "faucet", "--rules", Self.program]
        let zone = try home.parse(foundZone).payload()
        let zoneTransaction = try await home.signed(foundZone).hash
        #expect(zone.createdID(transaction: zoneTransaction)?.field == "zone_id")
        #expect(
            zone.createdID(transaction: zoneTransaction)?.id
                == RecordID.derive(RecordID.zone, transaction: zoneTransaction))
        let requestExecution = [
            "request-execution", "faucet", "--zone", Self.zone, "--engine", Self.program, "--resource", Self.resource,
            "--payment", "1",
        ]
        let order = try home.parse(requestExecution).payload()
        let orderTransaction = try await home.signed(requestExecution).hash
        #expect(order.createdID(transaction: orderTransaction)?.field == "execution_id")
        #expect(
            order.createdID(transaction: orderTransaction)?.id
                == RecordID.derive(RecordID.execution, transaction: orderTransaction))
        let file = home.root + "/p.pl"
        try Data("permit.\n".utf8).write(to: URL(fileURLWithPath: file))
        let program = try home.parse(["store-program", "faucet", file]).payload()
        #expect(program.createdID(transaction: .zero)?.id == Hash.blake2b(Array("permit.\n".utf8)))
        // A program that does not parse is refused before any fee is paid, with the parser's message.
        let broken = home.root + "/broken.pl"
        try Data("permit(join\n".utf8).write(to: URL(fileURLWithPath: broken))
        #expect {
            _ = try home.parse(["store-program", "faucet", broken]).payload()
        } throws: { error in
            "\(error)".contains("is not a valid rules program")
        }
        #expect(
            try home.parse(["transfer", "faucet", Self.other, "1"]).payload().createdID(transaction: .zero) == nil
        )
    }

    @Test(
        "bad input is refused when parsed, with a message naming the argument",
        arguments: [
            (["transfer", "faucet", "strata1notanaddress", "1"], "<to> \"strata1notanaddress\" is not a strata1"),
            (["transfer", "faucet", testAddress, "1.5"], "<amount> \"1.5\" must be a decimal number"),
            (["transfer", "faucet", testAddress, "1e3"], "<amount> \"1e3\""),
            (["withdraw", "faucet", testAddress, "ten"], "<amount> \"ten\""),
            (
                ["store-program", "faucet", "/nonexistent/rules.pl"],
                "<file>: cannot read the file /nonexistent/rules.pl"
            ),
            (["found-zone", "faucet", "--rules", "abc"], "--rules \"abc\" must be 64 hex digits"),
            (["found-zone", "faucet", "--rules", testProgram, "--visibility", "secret"], "one of: public, private"),
            (["found-zone", "faucet", "--rules", testProgram, "--tax-bps", "10001"], "--tax-bps 10001 is above 10000"),
            (
                ["register-resource", "faucet", "--kind", "car", "--endpoint", "x", "--consent", testProgram],
                "--kind \"car\" must be one of: dataset"
            ),
            (
                ["register-resource", "faucet", "--kind", "dataset", "--endpoint", "", "--consent", testProgram],
                "--endpoint must have 1 to 512 bytes"
            ),
            (["join-zone", "faucet", "zz"], "<zone> \"zz\""),
            (
                [
                    "issue-credential", "faucet", testAddress, "--type", "t", "--valid-from-ms", "5",
                    "--valid-until-ms", "5",
                ],
                "--valid-until-ms 5 must be after --valid-from-ms 5"
            ),
            (
                ["request-execution", "faucet", "--zone", testZone, "--engine", testZone, "--payment", "1"],
                "give 1 to 16 --resource"
            ),
            (["report-execution", "faucet", testZone, "--status", "done"], "one of: started, delivered, failed"),
            (
                ["issue-credential", "faucet", testAddress, "--type", "t", "--valid-from-ms", "18446744073709551615"],
                "--valid-until-ms 18446744073709551615 must be after"
            ),
            (
                [
                    "request-execution", "faucet", "--zone", testZone, "--engine", testZone, "--resource", testZone,
                    "--payment", "1", "--expires-in", "18446744073709551615",
                ], "--expires-in 18446744073709551615 is too large"
            ),
            (
                [
                    "request-execution", "faucet", "--zone", testZone, "--engine", testZone, "--resource", testZone,
                    "--payment", "1", "--expires-in", "2592001",
                ], "--expires-in 2592001 is too large: an order runs at most 2592000 s"
            ),
            (
                [
                    "request-execution", "faucet", "--zone", testZone, "--engine", testZone, "--resource", testZone,
                    "--payment", "1", "--deadline-ms", "99000", "--expires-in", "18446744073709551615",
                ], "--expires-in 18446744073709551615 is too large"
            ),
            (["cancel-execution", "faucet", "0x" + testZone + "00"], "<execution> \"0x"),
            (["claim-zone-pool", "faucet", testZone, "0"], "<amount> must be positive"),
        ])
    func badInput(arguments: [String], message: String) throws {
        let home = try CLIHome()
        defer { home.remove() }
        do {
            _ = try home.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(L2d.message(for: error).contains(message), "\(L2d.message(for: error))")
        }
    }

    @Test("l2d init --fee-recipient writes the address into the genesis; one that is not an address is refused")
    func initFeeRecipient() throws {
        let recipient = AccountPrivateKey().publicKey.address
        let home = try CLIHome(["--fee-recipient", recipient.description])
        defer { home.remove() }
        let genesis = try RollupGenesis.load(path: L2NodeHome(home.home).genesisFile)
        #expect(genesis.runtimeConfig.feeRecipient == recipient)
        #expect(throws: (any Error).self) { try CLIHome(["--fee-recipient", "strata1nope"]) }
    }

    @Test("the fee is auto unless given: the minimum, or for a kind that evaluates rules the full fuel fee")
    func autoFee() async throws {
        let home = try CLIHome(["--minimum-fee", "5", "--fee-per-thousand-fuel", "2"])
        defer { home.remove() }
        let genesis = try RollupGenesis.load(path: L2NodeHome(home.home).genesisFile)
        #expect(genesis.minimumFee == 5 && genesis.feePerThousandFuel == 2)
        // A transfer evaluates no rules: the minimum.
        #expect(try await home.signed(["transfer", "faucet", Self.other, "1"]).transaction.fee == 5)
        #expect(try await home.signed(["transfer", "faucet", Self.other, "1", "--fee", "7"]).transaction.fee == 7)
        // Joining a zone does: 5 and 200,000 fuel at 2 per 1,000.
        #expect(try await home.signed(["join-zone", "faucet", Self.zone]).transaction.fee == 405)
        #expect(try await home.signed(["join-zone", "faucet", Self.zone, "--fee", "auto"]).transaction.fee == 405)
        #expect(throws: (any Error).self) {
            try InitCommand.parse(["--home", home.root + "/other", "--fee-per-thousand-fuel", "-1"]).run()
        }
    }

    @Test("a bad fee, a bad or unknown key name or a non-number nonce is refused before anything is sent")
    func badEnvelope() async throws {
        let home = try CLIHome()
        defer { home.remove() }
        #expect(throws: (any Error).self) { try home.parse(["transfer", "faucet", Self.other, "1", "--fee", "x"]) }
        #expect(throws: (any Error).self) { try home.parse(["transfer", "../faucet", Self.other, "1"]) }
        let unknown = try home.parse(["transfer", "nobody", Self.other, "1"])
        await #expect(throws: (any Error).self) { try await unknown.tx.sign(unknown.payload(), client: nil) }
        #expect(throws: (any Error).self) {
            try L2d.parseAsRoot(["tx", "transfer", "faucet", Self.other, "1", "--nonce", "x"])
        }
        #expect(throws: (any Error).self) { try L2d.parseAsRoot(["tx", "found-zone", "faucet"]) }
    }
}
