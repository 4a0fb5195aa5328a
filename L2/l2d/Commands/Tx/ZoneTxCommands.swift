import ArgumentParser
import Common
import L2Runtime

extension TxCommand {
    /// `l2d tx store-program <from> <file>`.
    struct StoreProgram: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "store-program",
            abstract: "Store a rules program (docs/rules.md); prints its id, the hash of the source.")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The file holding the program's UTF-8 source.") var file: String

        func payload() throws -> TxPayload {
            let source = try TxArgument.file(file, "<file>")
            guard source.count <= StoreProgramPayload.maxSourceBytes else {
                throw ValidationError(
                    "\(file) has \(source.count) bytes; a program has at most \(StoreProgramPayload.maxSourceBytes)")
            }
            guard let text = String(validating: source, as: UTF8.self) else {
                throw ValidationError("\(file) is not UTF-8 text")
            }
            // The runtime parses it too, and a program that does not parse fails with only a code (104): say
            // where, before the fee is paid.
            do {
                _ = try RuleProgram.parse(source: text)
            } catch {
                throw ValidationError("\(file) is not a valid rules program: \(error)")
            }
            return TxPayload(
                .storeProgram, StoreProgramPayload(source: source), creates: .program(Hash.blake2b(source)))
        }
    }

    /// `l2d tx found-zone <from> --rules <program id>`.
    struct FoundZone: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "found-zone", abstract: "Found a zone governed by a stored rules program; prints its id.")
        @OptionGroup var tx: TxOptions
        @Option(help: "The rules program's id (store it first).") var rules: String
        @Option(help: "public or private.") var visibility = "public"
        @Option(name: .customLong("tax-bps"), help: "The tax on payments, in basis points (0 to 10000).")
        var taxBasisPoints: UInt16 = 0
        @Option(name: .customLong("minimum-payment"), help: "The least an execution in the zone pays.")
        var minimumPayment = "0"
        @Option(name: .customLong("join-fee"), help: "What joining the zone costs.") var joinFee = "0"

        func payload() throws -> TxPayload {
            guard taxBasisPoints <= ZonePricing.maxTaxBasisPoints else {
                throw ValidationError("--tax-bps \(taxBasisPoints) is above \(ZonePricing.maxTaxBasisPoints)")
            }
            let pricing = ZonePricing(
                taxBasisPoints: taxBasisPoints,
                minimumPayment: try TxArgument.amount(minimumPayment, "--minimum-payment"),
                joinFee: try TxArgument.amount(joinFee, "--join-fee"))
            let payload = FoundZonePayload(
                rules: try TxArgument.hash(rules, "--rules"),
                visibility: try TxArgument.choice(
                    visibility, "--visibility", ["public": .public, "private": .private]),
                pricing: pricing)
            return TxPayload(.foundZone, payload, creates: .record(field: "zone_id", tag: RecordID.zone))
        }
    }

    /// `l2d tx revise-zone-rules <from> <zone> --rules <program id>`.
    struct ReviseZoneRules: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "revise-zone-rules",
            abstract: "Replace a zone's rules (the current rules must permit revise, the new ones establish).")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The zone's id.") var zone: String
        @Option(help: "The new rules program's id (store it first).") var rules: String

        func payload() throws -> TxPayload {
            TxPayload(
                .reviseZoneRules,
                ReviseZoneRulesPayload(
                    zone: try TxArgument.hash(zone, "<zone>"), rules: try TxArgument.hash(rules, "--rules")))
        }
    }

    /// `l2d tx join-zone <from> <zone> [--resource <id>]`.
    struct JoinZone: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "join-zone",
            abstract: "Put a resource you control, or your own account, into a zone (its rules and consent decide).")
        @OptionGroup var tx: TxOptions
        @OptionGroup var member: ZoneMemberArguments

        func payload() throws -> TxPayload {
            let (zone, resource) = try member.parse()
            return TxPayload(.joinZone, JoinZonePayload(zone: zone, resource: resource))
        }
    }

    /// `l2d tx leave-zone <from> <zone> [--resource <id>]`.
    struct LeaveZone: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "leave-zone",
            abstract: "Take a resource you control, or your own account, out of a zone (always allowed).")
        @OptionGroup var tx: TxOptions
        @OptionGroup var member: ZoneMemberArguments

        func payload() throws -> TxPayload {
            let (zone, resource) = try member.parse()
            return TxPayload(.leaveZone, LeaveZonePayload(zone: zone, resource: resource))
        }
    }
}

extension TxCommand {
    /// `l2d tx claim-zone-pool <from> <zone> <amount>`.
    struct ClaimZonePool: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "claim-zone-pool",
            abstract: "As a zone's founder, take tokens out of its pool (its tax and join fees) into your account.",
            discussion: "The pool's balance is `pool` in `l2d query zone <id>`.")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The zone's id.") var zone: String
        @Argument(help: "The amount, in base units (positive, at most the pool).") var amount: String

        func payload() throws -> TxPayload {
            let amount = try TxArgument.amount(amount, "<amount>")
            guard !amount.isZero else { throw ValidationError("<amount> must be positive") }
            return TxPayload(
                .claimZonePool, ClaimZonePoolPayload(zone: try TxArgument.hash(zone, "<zone>"), amount: amount))
        }
    }
}

/// The zone and the member of `join-zone` and `leave-zone`.
struct ZoneMemberArguments: ParsableArguments {
    @Argument(help: "The zone's id.") var zone: String
    @Option(help: "The resource you control that joins or leaves (default: the signing account itself).")
    var resource: String?

    /// The zone and the resource, if one.
    func parse() throws -> (zone: Hash, resource: Hash?) {
        (try TxArgument.hash(zone, "<zone>"), try TxArgument.hash(resource, "--resource"))
    }
}
