import ArgumentParser
import Common
import L2Runtime

/// The fields a resource is registered and updated with.
struct ResourceFields: ParsableArguments {
    @Option(help: "Where the resource is reached (a URL, at most 512 bytes).") var endpoint: String
    @Option(help: "The hash of the resource's metadata document.") var metadata = Hash.zero.description
    @Option(help: "The id of its consent program (a workflow engine's admission program; store it first).")
    var consent: String
    @Option(help: "What one execution using it pays, in base units.") var price = "0"

    /// The parsed endpoint, metadata hash, consent and price.
    func parse() throws -> (endpoint: String, metadata: Hash, consent: Hash, price: Amount) {
        guard !endpoint.isEmpty, endpoint.utf8.count <= Resource.maxEndpointBytes else {
            throw ValidationError("--endpoint must have 1 to \(Resource.maxEndpointBytes) bytes")
        }
        return (
            endpoint, try TxArgument.hash(metadata, "--metadata"), try TxArgument.hash(consent, "--consent"),
            try TxArgument.amount(price, "--price")
        )
    }
}

extension TxCommand {
    /// `l2d tx register-resource <from> --kind <kind> --endpoint <url> --consent <program id>`.
    struct RegisterResource: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "register-resource", abstract: "Register a resource you control; prints its id.")
        @OptionGroup var tx: TxOptions
        @Option(help: "dataset, service, algorithm, infrastructure, identity or workflow-engine.") var kind: String
        @OptionGroup var fields: ResourceFields

        func payload() throws -> TxPayload {
            let resourceKind = try TxArgument.choice(
                kind, "--kind",
                [
                    "dataset": ResourceKind.dataset, "service": .service, "algorithm": .algorithm,
                    "infrastructure": .infrastructure, "identity": .identity, "workflow-engine": .workflowEngine,
                ])
            let parsed = try fields.parse()
            return TxPayload(
                .registerResource,
                RegisterResourcePayload(
                    kind: resourceKind, endpoint: parsed.endpoint, metadataHash: parsed.metadata,
                    consent: parsed.consent, price: parsed.price),
                creates: .record(field: "resource_id", tag: RecordID.resource))
        }
    }

    /// `l2d tx update-resource <from> <resource> --endpoint <url> --consent <program id>`.
    struct UpdateResource: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "update-resource",
            abstract: "Replace a resource's endpoint, metadata, consent and price (its controller only).")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The resource's id.") var resource: String
        @OptionGroup var fields: ResourceFields

        func payload() throws -> TxPayload {
            let parsed = try fields.parse()
            return TxPayload(
                .updateResource,
                UpdateResourcePayload(
                    resource: try TxArgument.hash(resource, "<resource>"), endpoint: parsed.endpoint,
                    metadataHash: parsed.metadata, consent: parsed.consent, price: parsed.price))
        }
    }

    /// `l2d tx dereference-resource <from> <resource>`.
    struct DereferenceResource: TransactionCommand {
        static let configuration = CommandConfiguration(
            commandName: "dereference-resource",
            abstract: "Withdraw a resource you control (always allowed; final).")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The resource's id.") var resource: String

        func payload() throws -> TxPayload {
            TxPayload(
                .dereferenceResource, DereferenceResourcePayload(resource: try TxArgument.hash(resource, "<resource>")))
        }
    }
}
