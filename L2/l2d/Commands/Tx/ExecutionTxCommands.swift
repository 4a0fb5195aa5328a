import ArgumentParser
import Common
import L2Node
import L2Runtime

extension TxCommand {
    /// `l2d tx request-execution <from> --zone <id> --engine <id> --resource <id>... --payment <amount>`.
    struct RequestExecution: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "request-execution",
            abstract: "Ask a workflow engine to run over resources in a zone, escrowing the payment; prints its id.")
        @OptionGroup var tx: TxOptions
        @Option(help: "The zone's id.") var zone: String
        @Option(help: "The workflow engine's resource id.") var engine: String
        @Option(help: "A resource to use (repeat for each, 1 to 16).") var resource: [String] = []
        @Option(help: "The hash of the parameters.") var params = Hash.zero.description
        @Option(help: "The payment to escrow, in base units.") var payment: String
        @Option(name: .customLong("deadline-ms"), help: "The deadline, in ms since the Unix epoch.")
        var deadline: UInt64?
        @Option(
            name: .customLong("expires-in"),
            help: "The deadline in seconds from now, at most 2592000 (30 days; when no --deadline-ms).")
        var expiresIn: UInt64 = 3600

        func payload() throws -> TxPayload {
            let resources = try TxArgument.hashes(resource, "--resource")
            guard (1...ExecutionOrder.maxResources).contains(resources.count) else {
                throw ValidationError("give 1 to \(ExecutionOrder.maxResources) --resource options")
            }
            let longest = ExecutionOrder.maxWindowMillis / 1000
            guard expiresIn <= longest else {
                throw ValidationError("--expires-in \(expiresIn) is too large: an order runs at most \(longest) s")
            }
            return TxPayload(
                .requestExecution,
                RequestExecutionPayload(
                    zone: try TxArgument.hash(zone, "--zone"), engine: try TxArgument.hash(engine, "--engine"),
                    resources: resources, paramsHash: try TxArgument.hash(params, "--params"),
                    payment: try TxArgument.amount(payment, "--payment"),
                    deadlineMillis: deadline ?? Sequencer.wallClockMillis() + expiresIn * 1000),
                creates: .record(field: "execution_id", tag: RecordID.execution))
        }
    }

    /// `l2d tx report-execution <from> <execution> --status started|delivered|failed`.
    struct ReportExecution: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "report-execution",
            abstract: "Report an execution's progress, as the controller of its workflow engine.")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The execution's id.") var execution: String
        @Option(help: "started, delivered or failed.") var status: String
        @Option(help: "A resource of the order consumed (repeatable).") var consumed: [String] = []
        @Option(help: "A registered resource produced (repeatable).") var produced: [String] = []
        @Option(help: "The hash of the evidence.") var evidence = Hash.zero.description

        func payload() throws -> TxPayload {
            let consumedIDs = try TxArgument.hashes(consumed, "--consumed")
            let producedIDs = try TxArgument.hashes(produced, "--produced")
            guard consumedIDs.count <= ExecutionReport.maxResources, producedIDs.count <= ExecutionReport.maxResources
            else { throw ValidationError("give at most \(ExecutionReport.maxResources) --consumed and --produced") }
            return TxPayload(
                .reportExecution,
                ReportExecutionPayload(
                    execution: try TxArgument.hash(execution, "<execution>"),
                    status: try TxArgument.choice(
                        status, "--status", ["started": .started, "delivered": .delivered, "failed": .failed]),
                    consumed: consumedIDs, produced: producedIDs,
                    evidenceHash: try TxArgument.hash(evidence, "--evidence")))
        }
    }

    /// `l2d tx cancel-execution <from> <execution>`.
    struct CancelExecution: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel-execution",
            abstract:
                "Cancel an execution and refund its payment (the consumer before it starts; anyone after its deadline)."
        )
        @OptionGroup var tx: TxOptions
        @Argument(help: "The execution's id.") var execution: String

        func payload() throws -> TxPayload {
            TxPayload(
                .cancelExecution, CancelExecutionPayload(execution: try TxArgument.hash(execution, "<execution>")))
        }
    }
}
